package io.minicontainer.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * OCI mount options split the way mount(2) needs them: flags set in the first call, flags that a
 * bind mount can only get through a second MS_REMOUNT call, propagation (its own call), and the
 * filesystem-specific data string.
 */
record MountOptions(long flags, long propagation, String data, boolean bind, boolean recursive, boolean copyUp) {

    private static final Map<String, Long> SET = Map.ofEntries(
            Map.entry("ro", Linux.MS_RDONLY), Map.entry("nosuid", Linux.MS_NOSUID),
            Map.entry("nodev", Linux.MS_NODEV), Map.entry("noexec", Linux.MS_NOEXEC),
            Map.entry("sync", Linux.MS_SYNCHRONOUS), Map.entry("mand", Linux.MS_MANDLOCK),
            Map.entry("dirsync", Linux.MS_DIRSYNC), Map.entry("noatime", Linux.MS_NOATIME),
            Map.entry("nodiratime", Linux.MS_NODIRATIME), Map.entry("relatime", Linux.MS_RELATIME),
            Map.entry("strictatime", Linux.MS_STRICTATIME));
    private static final Map<String, Long> CLEAR = Map.ofEntries(
            Map.entry("rw", Linux.MS_RDONLY), Map.entry("suid", Linux.MS_NOSUID),
            Map.entry("dev", Linux.MS_NODEV), Map.entry("exec", Linux.MS_NOEXEC),
            Map.entry("async", Linux.MS_SYNCHRONOUS), Map.entry("nomand", Linux.MS_MANDLOCK),
            Map.entry("atime", Linux.MS_NOATIME), Map.entry("diratime", Linux.MS_NODIRATIME),
            Map.entry("norelatime", Linux.MS_RELATIME), Map.entry("defaults", 0L));
    private static final Map<String, Long> PROPAGATION = Map.of(
            "private", Linux.MS_PRIVATE, "rprivate", Linux.MS_PRIVATE | Linux.MS_REC,
            "shared", Linux.MS_SHARED, "rshared", Linux.MS_SHARED | Linux.MS_REC,
            "slave", Linux.MS_SLAVE, "rslave", Linux.MS_SLAVE | Linux.MS_REC,
            "unbindable", Linux.MS_UNBINDABLE, "runbindable", Linux.MS_UNBINDABLE | Linux.MS_REC);

    /** Every option name that becomes a flag rather than filesystem data (for `features`). */
    public static java.util.SortedSet<String> flagNames() {
        java.util.SortedSet<String> names = new java.util.TreeSet<>(List.of("bind", "rbind", "tmpcopyup", "notmpcopyup"));
        names.addAll(SET.keySet());
        names.addAll(CLEAR.keySet());
        names.addAll(PROPAGATION.keySet());
        return names;
    }

    static MountOptions parse(String type, List<String> options) {
        long flags = 0, propagation = 0;
        boolean bind = "bind".equals(type), recursive = false, copyUp = false;
        List<String> data = new ArrayList<>();
        for (String o : options == null ? List.<String>of() : options) {
            if (o.equals("bind")) {
                bind = true;
            } else if (o.equals("rbind")) {
                bind = true;
                recursive = true;
            } else if (o.equals("tmpcopyup") || o.equals("notmpcopyup")) {
                copyUp = o.equals("tmpcopyup"); // crun's options, never mount data (the kernel says EINVAL)
            } else if (SET.containsKey(o)) {
                flags |= SET.get(o);
            } else if (CLEAR.containsKey(o)) {
                flags &= ~CLEAR.get(o);
            } else if (PROPAGATION.containsKey(o)) {
                propagation = PROPAGATION.get(o);
            } else {
                data.add(o);
            }
        }
        return new MountOptions(flags, propagation, String.join(",", data), bind, recursive, copyUp);
    }
}
