package io.minicontainer.validate.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The single source of truth for what this runtime does with each field of the runtime-spec's
 * Linux config, keyed by JSON pointer pattern ("*" stands for any array index or map key).
 * It drives {@code validate} (refused fields are errors), the {@code features} document and
 * docs/SUPPORT.md. {@code SupportTableTest} fails if a field of the model or the schema has no entry.
 *
 * <ul>
 *   <li>APPLIED: a plan step applies it (or, for paths and names, the steps that use it). Every
 *       property below an applied object has its own entry.</li>
 *   <li>REFUSED: present with any value that asks for something (not null, "", [] or {}), it is an
 *       error naming the field and why. Nothing below it needs an entry.</li>
 *   <li>INFORMATIONAL: accepted without effect by definition. Nothing below it needs an entry.</li>
 * </ul>
 */
public final class SupportTable {
    public enum Status { APPLIED, REFUSED, INFORMATIONAL }

    /** @param why for REFUSED the sentence shown in the error; otherwise a short note for the docs (may be empty). */
    public record Entry(String pattern, Status status, String why) {}

    private static String notSupported(String what) { return "mini-container does not support " + what; }
    private static final Map<String, Entry> TABLE = new LinkedHashMap<>();

    private static void applied(String pattern, String note) { put(pattern, Status.APPLIED, note); }

    private static void applied(String pattern) { put(pattern, Status.APPLIED, ""); }

    private static void refused(String pattern, String why) { put(pattern, Status.REFUSED, why); }

    private static void info(String pattern, String note) { put(pattern, Status.INFORMATIONAL, note); }

    private static void put(String pattern, Status status, String why) {
        if (TABLE.put(pattern, new Entry(pattern, status, why)) != null) throw new IllegalStateException("twice: " + pattern);
    }

    private static void appliedEach(String parent, String... children) {
        for (String c : children) applied(parent + "/" + c);
    }

    static {
        info("/ociVersion", "checked to be 1.x");
        applied("/root");
        appliedEach("/root", "path", "readonly");

        applied("/process");
        applied("/process/terminal", "through --console-socket (create) or the caller's terminal (run)");
        applied("/process/consoleSize", "set on the new pty (create --console-socket); `run` relays the caller's terminal and its size");
        appliedEach("/process/consoleSize", "height", "width");
        applied("/process/user");
        appliedEach("/process/user", "uid", "gid", "umask", "additionalGids");
        info("/process/user/username", "Windows only");
        appliedEach("/process", "args", "env", "cwd");
        info("/process/commandLine", "Windows only");
        applied("/process/capabilities");
        appliedEach("/process/capabilities", "bounding", "effective", "inheritable", "permitted", "ambient");
        applied("/process/rlimits");
        appliedEach("/process/rlimits/*", "type", "hard", "soft");
        appliedEach("/process", "noNewPrivileges", "oomScoreAdj");
        refused("/process/apparmorProfile", notSupported("AppArmor"));
        refused("/process/selinuxLabel", notSupported("SELinux process labels"));
        applied("/process/ioPriority", "ioprio_set before the ids change");
        appliedEach("/process/ioPriority", "class", "priority");
        refused("/process/scheduler", notSupported("process scheduling policies (sched_setattr)"));
        refused("/process/execCPUAffinity", notSupported("CPU affinity of the container process"));

        applied("/hostname", "needs a uts namespace");
        applied("/domainname", "needs a uts namespace");

        applied("/mounts");
        appliedEach("/mounts/*", "destination", "type", "source", "options");
        refused("/mounts/*/uidMappings", notSupported("id-mapped mounts"));
        refused("/mounts/*/gidMappings", notSupported("id-mapped mounts"));

        applied("/hooks");
        for (String hook : List.of("prestart", "createRuntime", "createContainer", "startContainer", "poststart", "poststop")) {
            applied("/hooks/" + hook);
            appliedEach("/hooks/" + hook + "/*", "path", "args", "env", "timeout");
        }
        info("/annotations", "kept in the state; only run.mini-container.pid (a clone3 set_tid) is acted on");

        applied("/linux");
        applied("/linux/namespaces");
        appliedEach("/linux/namespaces/*", "type", "path");
        for (String m : List.of("uidMappings", "gidMappings")) {
            applied("/linux/" + m, "needs a user namespace");
            appliedEach("/linux/" + m + "/*", "containerID", "hostID", "size");
        }
        refused("/linux/timeOffsets", notSupported("time namespace offsets"));
        // linux.devices and resources.devices are implemented by the devices work (issue #8 items 2 and 5)
        applied("/linux/devices");
        appliedEach("/linux/devices/*", "path", "type", "major", "minor", "fileMode", "uid", "gid");
        refused("/linux/netDevices", notSupported("moving network devices into the container"));
        applied("/linux/cgroupsPath");

        applied("/linux/resources");
        applied("/linux/resources/devices", "the devices cgroup");
        appliedEach("/linux/resources/devices/*", "allow", "type", "major", "minor", "access");
        applied("/linux/resources/memory", "needs the memory cgroup controller");
        appliedEach("/linux/resources/memory", "limit", "reservation", "swap");
        applied("/linux/resources/memory/swappiness", "cgroup v1 only (refused on a v2-only host)");
        applied("/linux/resources/memory/disableOOMKiller", "cgroup v1 only (refused on a v2-only host)");
        refused("/linux/resources/memory/kernel", "kernel memory limits are deprecated by the runtime-spec and ignored by current kernels");
        applied("/linux/resources/memory/kernelTCP", "cgroup v1 only (memory.kmem.tcp.limit_in_bytes)");
        refused("/linux/resources/memory/useHierarchy", notSupported("memory.use_hierarchy (current kernels are always hierarchical)"));
        info("/linux/resources/memory/checkBeforeUpdate", "only affects updates of a running container, which mini-container does not do");
        applied("/linux/resources/cpu", "needs the cpu (shares, quota, period) and cpuset (cpus, mems) controllers");
        appliedEach("/linux/resources/cpu", "shares", "quota", "period", "cpus", "mems");
        refused("/linux/resources/cpu/burst", notSupported("cpu burst"));
        refused("/linux/resources/cpu/realtimeRuntime", notSupported("real-time CPU limits"));
        refused("/linux/resources/cpu/realtimePeriod", notSupported("real-time CPU limits"));
        refused("/linux/resources/cpu/idle", notSupported("SCHED_IDLE cgroups"));
        applied("/linux/resources/blockIO", "throttle limits only: blkio.throttle.* on cgroup v1, io.max on v2");
        refused("/linux/resources/blockIO/weight", notSupported("block I/O weights"));
        refused("/linux/resources/blockIO/leafWeight", notSupported("block I/O weights"));
        refused("/linux/resources/blockIO/weightDevice", notSupported("block I/O weights"));
        for (String kind : io.minicontainer.spec.Spec.BlockIO.THROTTLE_LISTS) {
            applied("/linux/resources/blockIO/" + kind);
            appliedEach("/linux/resources/blockIO/" + kind + "/*", "major", "minor", "rate");
        }
        // hugetlb: on a hybrid host (like the one this is tested on) it exists only in the cgroup2 tree, which is not joined
        refused("/linux/resources/hugepageLimits", notSupported("hugepage limits (hugetlb)"));
        refused("/linux/resources/network", notSupported("network class and priority (net_cls, net_prio)"));
        applied("/linux/resources/pids", "needs the pids cgroup controller");
        applied("/linux/resources/pids/limit");
        refused("/linux/resources/rdma", notSupported("RDMA limits"));
        refused("/linux/resources/unified", notSupported("raw cgroup v2 files (unified)"));
        refused("/linux/intelRdt", notSupported("Intel RDT"));
        applied("/linux/sysctl", "only keys of namespaces the container owns: ipc, net.*, uts");

        // seccomp (issue #10): compiled to BPF in Java, loaded by the helper; SCMP_ACT_NOTIFY hands the listener fd to listenerPath
        applied("/linux/seccomp");
        appliedEach("/linux/seccomp", "defaultAction", "defaultErrnoRet", "architectures", "flags", "syscalls");
        appliedEach("/linux/seccomp/syscalls/*", "names", "action", "errnoRet", "args");
        appliedEach("/linux/seccomp/syscalls/*/args/*", "index", "value", "valueTwo", "op");
        applied("/linux/seccomp/listenerPath", "with SCMP_ACT_NOTIFY: the helper sends the listener fd and the container process state there");
        applied("/linux/seccomp/listenerMetadata", "sent as the state's metadata");

        appliedEach("/linux", "rootfsPropagation", "maskedPaths", "readonlyPaths");
        refused("/linux/mountLabel", notSupported("SELinux mount labels"));
        applied("/linux/personality");
        applied("/linux/personality/domain", "LINUX or LINUX32");
        refused("/linux/personality/flags", notSupported("personality flags"));

        for (String other : List.of("solaris", "windows", "vm", "zos")) info("/" + other, "not a Linux container setting");
    }

    private SupportTable() {}

    public static List<Entry> entries() { return Collections.unmodifiableList(new ArrayList<>(TABLE.values())); }

    /** The entry for exactly this pattern. */
    public static Optional<Entry> entry(String pattern) { return Optional.ofNullable(TABLE.get(pattern)); }

    public static Status status(String pattern) {
        return entry(pattern).orElseThrow(() -> new IllegalArgumentException("no support entry for " + pattern)).status();
    }

    /** The entry that decides a concrete pointer's fate: its own, or a refused/informational ancestor's. */
    public static Optional<Entry> classify(String pattern) {
        String p = pattern;
        while (!p.isEmpty()) {
            Entry e = TABLE.get(p);
            if (e != null && (p.equals(pattern) || e.status() != Status.APPLIED)) return Optional.of(e);
            int slash = p.lastIndexOf('/');
            p = p.substring(0, slash);
        }
        return Optional.empty();
    }

    /** Patterns of every refused entry, for the features document. */
    public static List<String> refused() {
        return TABLE.values().stream().filter(e -> e.status() == Status.REFUSED).map(Entry::pattern).toList();
    }
}
