package io.minicontainer.plan;

import java.util.LinkedHashMap;
import java.util.Map;

/** Linux constants the planner writes into steps (x86-64 values; linux/mount.h; namespace flags are in spec.NamespaceKind). */
final class Linux {
    static final long MS_RDONLY = 1, MS_NOSUID = 2, MS_NODEV = 4, MS_NOEXEC = 8, MS_SYNCHRONOUS = 16,
            MS_REMOUNT = 32, MS_MANDLOCK = 64, MS_DIRSYNC = 128, MS_NOATIME = 1024, MS_NODIRATIME = 2048,
            MS_BIND = 4096, MS_REC = 16384, MS_UNBINDABLE = 1 << 17, MS_PRIVATE = 1 << 18,
            MS_SLAVE = 1 << 19, MS_SHARED = 1 << 20, MS_RELATIME = 1 << 21, MS_STRICTATIME = 1 << 24;

    /** Mount flag names in display order, for plan output. */
    static final Map<Long, String> MOUNT_FLAG_NAMES = new LinkedHashMap<>();

    static {
        MOUNT_FLAG_NAMES.put(MS_BIND, "bind");
        MOUNT_FLAG_NAMES.put(MS_REMOUNT, "remount");
        MOUNT_FLAG_NAMES.put(MS_REC, "rec");
        MOUNT_FLAG_NAMES.put(MS_PRIVATE, "private");
        MOUNT_FLAG_NAMES.put(MS_SLAVE, "slave");
        MOUNT_FLAG_NAMES.put(MS_SHARED, "shared");
        MOUNT_FLAG_NAMES.put(MS_UNBINDABLE, "unbindable");
        MOUNT_FLAG_NAMES.put(MS_RDONLY, "ro");
        MOUNT_FLAG_NAMES.put(MS_NOSUID, "nosuid");
        MOUNT_FLAG_NAMES.put(MS_NODEV, "nodev");
        MOUNT_FLAG_NAMES.put(MS_NOEXEC, "noexec");
        MOUNT_FLAG_NAMES.put(MS_SYNCHRONOUS, "sync");
        MOUNT_FLAG_NAMES.put(MS_MANDLOCK, "mand");
        MOUNT_FLAG_NAMES.put(MS_DIRSYNC, "dirsync");
        MOUNT_FLAG_NAMES.put(MS_NOATIME, "noatime");
        MOUNT_FLAG_NAMES.put(MS_NODIRATIME, "nodiratime");
        MOUNT_FLAG_NAMES.put(MS_RELATIME, "relatime");
        MOUNT_FLAG_NAMES.put(MS_STRICTATIME, "strictatime");
    }

    static String mountFlagNames(long flags) {
        StringBuilder b = new StringBuilder();
        for (var e : MOUNT_FLAG_NAMES.entrySet()) {
            if ((flags & e.getKey()) != 0) {
                if (b.length() > 0) b.append(',');
                b.append(e.getValue());
            }
        }
        return b.toString();
    }

    static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private Linux() {}
}
