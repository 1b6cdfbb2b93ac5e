package io.minicontainer.cgroup;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Which cgroup hierarchies a host has, parsed from its /proc/self/mountinfo (read by {@code exec.HostProbe}:
 * this package only models cgroups and does no I/O).
 *
 * @param v1                 v1 controller name → mount point ("memory" → "/sys/fs/cgroup/memory"); a comount
 *                           such as {@code cpu,cpuacct} maps both names to the same mount point; named
 *                           hierarchies ({@code name=systemd}) are left out: they carry no resources
 * @param unified            the cgroup2 mount point, or null
 * @param unifiedControllers controllers available in the cgroup2 root (its cgroup.controllers)
 * @param mountRoots         mount point → the cgroup path the mount shows as its root ("/" normally,
 *                           deeper for bind mounts or inside a cgroup namespace)
 * @param hostCpus           the cpus available to us (cpuset root), used to initialise v1 cpuset cgroups; may be null
 * @param hostMems           the memory nodes available to us, likewise; may be null
 */
public record CgroupLayout(Map<String, String> v1, String unified, Set<String> unifiedControllers,
                           Map<String, String> mountRoots, String hostCpus, String hostMems) {

    /** V1: only v1 resource controllers; V2: only cgroup2; HYBRID: both; NONE: no cgroups mounted. */
    public enum Mode { V1, V2, HYBRID, NONE }

    /** Every v1 controller the kernel may offer; other mount options (rw, name=, release_agent=, ...) are not controllers. */
    static final Set<String> V1_CONTROLLERS = Set.of("cpu", "cpuacct", "cpuset", "memory", "devices", "freezer",
            "blkio", "pids", "net_cls", "net_prio", "perf_event", "hugetlb", "rdma", "misc");

    public CgroupLayout {
        v1 = Collections.unmodifiableMap(v1 == null ? Map.of() : new LinkedHashMap<>(v1));
        unifiedControllers = Collections.unmodifiableSet(unifiedControllers == null ? Set.of() : new LinkedHashSet<>(unifiedControllers));
        mountRoots = Collections.unmodifiableMap(mountRoots == null ? Map.of() : new LinkedHashMap<>(mountRoots));
    }

    /** The original placeholder shape: every mount shows its hierarchy root, host cpus/mems unknown. */
    public CgroupLayout(Map<String, String> v1, String unified, Set<String> unifiedControllers) {
        this(v1, unified, unifiedControllers, Map.of(), null, null);
    }

    public Mode mode() {
        if (!v1.isEmpty()) return unified == null ? Mode.V1 : Mode.HYBRID;
        return unified == null ? Mode.NONE : Mode.V2;
    }

    /**
     * The directory of a cgroup, given its path as /proc/self/cgroup shows it. The part the mount
     * already shows as its root is stripped, so a bind-mounted sub-hierarchy still resolves.
     */
    public String dirOf(String mountPoint, String cgroupPath) {
        String root = mountRoots.getOrDefault(mountPoint, "/");
        String path = cgroupPath == null || cgroupPath.isEmpty() ? "/" : cgroupPath;
        if (!root.equals("/") && (path.equals(root) || path.startsWith(root + "/"))) {
            path = path.substring(root.length());
        }
        return path.isEmpty() || path.equals("/") ? mountPoint : CgroupPaths.join(mountPoint, path.substring(1));
    }

    /**
     * @param mountinfo the text of /proc/self/mountinfo
     * @param readFile  reads a file by absolute path, null when it does not exist (tests pass a map)
     */
    public static CgroupLayout parse(String mountinfo, Function<String, String> readFile) {
        Map<String, String> v1 = new LinkedHashMap<>();
        Map<String, String> roots = new LinkedHashMap<>();
        String unified = null;
        for (String line : mountinfo.split("\n")) {
            MountLine m = MountLine.parse(line);
            if (m == null) continue;
            if (m.fsType.equals("cgroup2")) {
                if (unified == null) {
                    unified = m.mountPoint;
                    roots.put(m.mountPoint, m.root);
                }
            } else if (m.fsType.equals("cgroup")) {
                for (String option : m.superOptions.split(",")) {
                    // The first mount of a controller wins; later ones are bind mounts of the same hierarchy.
                    if (V1_CONTROLLERS.contains(option) && !v1.containsKey(option)) {
                        v1.put(option, m.mountPoint);
                        roots.putIfAbsent(m.mountPoint, m.root);
                    }
                }
            }
        }
        Set<String> unifiedControllers = new LinkedHashSet<>();
        if (unified != null) {
            String text = readFile.apply(unified + "/cgroup.controllers");
            if (text != null && !text.isBlank()) unifiedControllers.addAll(Arrays.asList(text.trim().split("\\s+")));
        }
        String cpus = null, mems = null;
        if (v1.containsKey("cpuset")) {
            cpus = trimmed(readFile.apply(v1.get("cpuset") + "/cpuset.cpus"));
            mems = trimmed(readFile.apply(v1.get("cpuset") + "/cpuset.mems"));
        } else if (unified != null) {
            cpus = trimmed(readFile.apply(unified + "/cpuset.cpus.effective"));
            mems = trimmed(readFile.apply(unified + "/cpuset.mems.effective"));
        }
        return new CgroupLayout(v1, unified, unifiedControllers, roots, cpus, mems);
    }

    private static String trimmed(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    /** The fields of one mountinfo line that matter here (proc(5): "... root mountpoint ... - fstype source superoptions"). */
    private record MountLine(String root, String mountPoint, String fsType, String superOptions) {
        static MountLine parse(String line) {
            int dash = line.indexOf(" - ");
            if (dash < 0) return null;
            String[] head = line.substring(0, dash).split(" ");
            String[] tail = line.substring(dash + 3).split(" ");
            if (head.length < 5 || tail.length < 3) return null;
            return new MountLine(unescape(head[3]), unescape(head[4]), tail[0], tail[2]);
        }

        /** mountinfo escapes space, tab, newline and backslash as \ooo octal. */
        private static String unescape(String s) {
            if (s.indexOf('\\') < 0) return s;
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c == '\\' && i + 3 < s.length() && s.substring(i + 1, i + 4).matches("[0-7]{3}")) {
                    b.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
                    i += 3;
                } else {
                    b.append(c);
                }
            }
            return b.toString();
        }
    }
}
