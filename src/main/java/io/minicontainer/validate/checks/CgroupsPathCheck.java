package io.minicontainer.validate.checks;

import io.minicontainer.spec.Spec;
import io.minicontainer.validate.core.SemanticCheck;

/**
 * cgroupsPath is either a path ("/machine/c1", or relative to our own cgroup) or systemd's
 * "slice:prefix:name". ".." could escape the cgroup subtree we are allowed to manage.
 */
public final class CgroupsPathCheck implements SemanticCheck {
    @Override public String name() { return "cgroups-path"; }

    @Override
    public void check(Spec spec, Sink sink) {
        if (spec.linux() == null || spec.linux().cgroupsPath() == null) return;
        String p = spec.linux().cgroupsPath();
        String at = "/linux/cgroupsPath";
        if (p.isEmpty()) return; // empty means "runtime's choice"
        if (p.indexOf(':') >= 0) {
            String[] parts = p.split(":", -1);
            if (parts.length != 3) {
                sink.error(at, "cgroupsPath \"" + p + "\" has " + (parts.length - 1) + " colons; the systemd form is slice:prefix:name",
                        "for example \"user.slice:mc:c1\", or use a path like /mc/c1");
            } else if (!parts[0].isEmpty() && !parts[0].endsWith(".slice")) {
                sink.error(at, "cgroupsPath slice \"" + parts[0] + "\" does not end in .slice", null);
            } else if (parts[2].isEmpty()) {
                sink.error(at, "cgroupsPath \"" + p + "\" has an empty name", null);
            }
            return;
        }
        if (Support.hasDotDot(p)) {
            sink.error(at, "cgroupsPath \"" + p + "\" contains \"..\"", null);
        } else if (p.contains("//") || p.chars().anyMatch(ch -> ch < 0x20)) {
            sink.error(at, "cgroupsPath \"" + p + "\" has an empty component or a control character", null);
        } else if (p.equals("/")) {
            sink.error(at, "cgroupsPath \"/\" is the root cgroup itself; a container needs a cgroup of its own",
                    "for example /mini-container/c1");
        } else {
            for (String part : p.split("/")) {
                if (isControlFileName(part)) {
                    sink.error(at, "cgroupsPath component \"" + part + "\" is the name of a cgroup control file, not a cgroup",
                            "choose another name, for example /mini-container/c1");
                    return;
                }
            }
        }
    }

    /** Controllers whose files ("memory.max", "pids.max", ...) sit in every cgroup directory. */
    private static final java.util.Set<String> CONTROLLERS = java.util.Set.of("cgroup", "memory", "cpu", "cpuacct", "cpuset",
            "pids", "blkio", "io", "devices", "freezer", "hugetlb", "net_cls", "net_prio", "perf_event", "rdma", "misc");

    /** A name the kernel already uses for a file in a cgroup directory: mkdir of it fails (EEXIST), or shadows nothing useful. */
    static boolean isControlFileName(String part) {
        if (part.equals("tasks") || part.equals("notify_on_release") || part.equals("release_agent")) return true;
        int dot = part.indexOf('.');
        return dot > 0 && CONTROLLERS.contains(part.substring(0, dot));
    }
}
