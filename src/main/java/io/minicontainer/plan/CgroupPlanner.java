package io.minicontainer.plan;

import io.minicontainer.cgroup.CgroupLayout;
import io.minicontainer.cgroup.CgroupPaths;
import io.minicontainer.cgroup.DeviceRules;
import io.minicontainer.plan.HostStep.CgroupCreate;
import io.minicontainer.plan.HostStep.CgroupRemove;
import io.minicontainer.plan.HostStep.CgroupWrite;
import io.minicontainer.spec.Spec;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Turns a cgroupsPath and the requested resources into cgroup steps for the detected layout.
 * PURE: it reads no files; everything it needs about the host is in its arguments.
 */
public final class CgroupPlanner {
    /** Deepest directory first (a class, not comparingInt(...).reversed(): lambdas cost a cold `run`). */
    private static final Comparator<String> DEEPEST_FIRST = new Comparator<>() {
        @Override public int compare(String a, String b) { return Integer.compare(CgroupPaths.depth(b), CgroupPaths.depth(a)); }
    };

    static final String PATH_SOURCE = "/linux/cgroupsPath";
    private static final String MEMORY = "/linux/resources/memory", CPU_RESOURCES = "/linux/resources/cpu";
    private static final String MEM = MEMORY + "/", CPU = CPU_RESOURCES + "/";
    private static final String PIDS_LIMIT = "/linux/resources/pids/limit";
    private static final String BLOCK_IO = "/linux/resources/blockIO";
    private static final String DEVICES = "/linux/resources/devices";

    /** v1 hierarchies always joined when mounted, so that ps, pause and kill-all see every container process. */
    private static final List<String> V1_ALWAYS = List.of("memory", "pids", "cpu", "cpuacct", "freezer");
    /** linux.resources.blockIO throttle lists → v1 file (blkio.throttle.*) and v2 io.max key. */
    private static final Map<String, String> V1_THROTTLE_FILES = Map.of("throttleReadBpsDevice", "read_bps_device",
            "throttleWriteBpsDevice", "write_bps_device", "throttleReadIOPSDevice", "read_iops_device",
            "throttleWriteIOPSDevice", "write_iops_device");
    private static final Map<String, String> V2_THROTTLE_KEYS = Map.of("throttleReadBpsDevice", "rbps",
            "throttleWriteBpsDevice", "wbps", "throttleReadIOPSDevice", "riops", "throttleWriteIOPSDevice", "wiops");
    /** cgroup v2 default cfs period (µs), used when only a quota is given. */
    static final long DEFAULT_PERIOD = 100_000;

    private CgroupPlanner() {}

    /**
     * @param cgroupsPath absolute: relative to each hierarchy's root; relative: relative to our own
     *                    cgroup in that hierarchy. The caller supplies a default when the config has none.
     * @throws IllegalArgumentException for "..", an empty path, impossible limits or a missing controller
     */
    public static CgroupSetup plan(CgroupLayout layout, Map<String, String> ownCgroups, String cgroupsPath,
                                   Spec.Resources resources) {
        return plan(layout, ownCgroups, cgroupsPath, resources, true);
    }

    /**
     * As above; {@code pathFromConfig} false means the caller's default path is used, so the steps that
     * follow from the path cite no config field (the plan shows them as the runtime's default).
     */
    public static CgroupSetup plan(CgroupLayout layout, Map<String, String> ownCgroups, String cgroupsPath,
                                   Spec.Resources resources, boolean pathFromConfig) {
        Objects.requireNonNull(layout, "layout");
        Objects.requireNonNull(ownCgroups, "ownCgroups");
        if (cgroupsPath == null || cgroupsPath.isBlank()) {
            throw new IllegalArgumentException("cgroupsPath is empty (the caller passes a default such as /mini-container/<id>)");
        }
        List<String> names = CgroupPaths.components(cgroupsPath);
        if (names.isEmpty()) {
            throw new IllegalArgumentException("cgroupsPath \"" + cgroupsPath + "\" names no cgroup below the one it is relative to");
        }
        Requested req = new Requested(resources);
        req.checkSwap();
        Builder b = new Builder(layout, ownCgroups, cgroupsPath.startsWith("/"), names,
                pathFromConfig ? List.of(PATH_SOURCE) : List.of());
        switch (layout.mode()) {
            // Hybrid: the v1 hierarchies hold the controllers; the cgroup2 mount (hugetlb at most) is left alone.
            case V1, HYBRID -> planV1(b, layout, req);
            case V2 -> planV2(b, layout, req);
            case NONE -> throw new IllegalArgumentException("no cgroup hierarchy is mounted (no cgroup or cgroup2 in /proc/self/mountinfo)");
        }
        return b.build();
    }

    // ---------------------------------------------------------------- v1

    private static void planV1(Builder b, CgroupLayout layout, Requested req) {
        requireV1(layout, "memory", req.memoryV1(), MEMORY);
        requireV1(layout, "pids", req.pids(), PIDS_LIMIT);
        requireV1(layout, "cpu", req.cpu(), CPU_RESOURCES);
        requireV1(layout, "cpuset", req.cpuset(), CPU + "cpus");
        requireV1(layout, "blkio", req.blkio(), BLOCK_IO);
        requireV1(layout, "devices", req.devicesRequested, DEVICES);

        List<String> joined = new ArrayList<>(V1_ALWAYS);
        if (req.cpuset()) joined.add(joined.indexOf("freezer"), "cpuset");
        if (req.blkio()) joined.add(joined.indexOf("freezer"), "blkio");
        // Joined whenever mounted: runc's default allow list is written even for a config without rules.
        joined.add("devices");
        // A comount (cpu,cpuacct) is one directory and one cgroup.procs, keyed by its first controller.
        Map<String, Hierarchy> byMount = new LinkedHashMap<>();
        for (String controller : joined) {
            String mount = layout.v1().get(controller);
            if (mount != null) byMount.putIfAbsent(mount, b.hierarchy(controller, mount));
        }
        List<Hierarchy> hierarchies = new ArrayList<>(byMount.values());
        for (Hierarchy h : hierarchies) b.create(h);

        if (req.cpuset()) {
            // A v1 cpuset cgroup starts with empty cpus and mems and refuses tasks until both are set; a
            // child's set must lie within its parent's, so every directory we create, parents included,
            // gets both — the host's set where the config names only one of them.
            Hierarchy cpuset = byMount.get(layout.v1().get("cpuset"));
            String cpus = req.cpus() != null ? req.cpus() : hostValue(layout.hostCpus(), "cpus");
            String mems = req.mems() != null ? req.mems() : hostValue(layout.hostMems(), "mems");
            List<String> src = req.cpusetSources();
            for (String parent : cpuset.parents()) {
                b.write(parent, "cpuset.cpus", hostValue(layout.hostCpus(), "cpus"), src);
                b.write(parent, "cpuset.mems", hostValue(layout.hostMems(), "mems"), src);
            }
            b.write(cpuset.leaf(), "cpuset.cpus", cpus, src);
            b.write(cpuset.leaf(), "cpuset.mems", mems, src);
        }

        Spec.Memory m = req.memory;
        if (m != null && layout.v1().containsKey("memory")) {
            String dir = byMount.get(layout.v1().get("memory")).leaf();
            if (m.limit() != null) b.write(dir, "memory.limit_in_bytes", m.limit().toString(), List.of(MEM + "limit"));
            // memsw is memory+swap, as OCI's swap; the kernel refuses memsw < limit, hence after the limit.
            if (m.swap() != null) b.write(dir, "memory.memsw.limit_in_bytes", m.swap().toString(), List.of(MEM + "swap"));
            if (m.reservation() != null) {
                b.write(dir, "memory.soft_limit_in_bytes", m.reservation().toString(), List.of(MEM + "reservation"));
            }
            if (m.swappiness() != null) b.write(dir, "memory.swappiness", m.swappiness().toString(), List.of(MEM + "swappiness"));
            if (Boolean.TRUE.equals(m.disableOOMKiller())) {
                b.write(dir, "memory.oom_control", "1", List.of(MEM + "disableOOMKiller"));
            }
            if (m.kernelTCP() != null) {
                b.write(dir, "memory.kmem.tcp.limit_in_bytes", m.kernelTCP().toString(), List.of(MEM + "kernelTCP"));
            }
            // kernel: refused by validation (SupportTable); this kernel ignores kmem limits.
        }
        if (req.blkio()) {
            String dir = byMount.get(layout.v1().get("blkio")).leaf();
            // each write adds (or, with rate 0, removes) one device's rule
            req.throttles((kind, i, t) -> b.write(dir, "blkio.throttle." + V1_THROTTLE_FILES.get(kind),
                    t.major() + ":" + t.minor() + " " + Long.toUnsignedString(t.rate()), List.of(BLOCK_IO + "/" + kind + "/" + i)));
        }
        if (req.pids()) {
            String dir = byMount.get(layout.v1().get("pids")).leaf();
            b.write(dir, "pids.max", req.pidsMax(), List.of(PIDS_LIMIT));
        }
        Spec.Cpu c = req.cpu;
        if (req.cpu()) {
            String dir = byMount.get(layout.v1().get("cpu")).leaf();
            if (req.shares() != null) b.write(dir, "cpu.shares", req.shares().toString(), List.of(CPU + "shares"));
            // The kernel checks quota against the current period, so the period goes first.
            if (c.period() != null) b.write(dir, "cpu.cfs_period_us", c.period().toString(), List.of(CPU + "period"));
            if (c.quota() != null) b.write(dir, "cpu.cfs_quota_us", c.quota().toString(), List.of(CPU + "quota"));
        }
        String devicesMount = layout.v1().get("devices");
        if (devicesMount != null) {
            // In config order, as the kernel applies them: "a" to devices.deny empties the allow list first.
            String dir = byMount.get(devicesMount).leaf();
            for (DeviceRules.Rule r : req.devices) {
                b.write(dir, r.allow() ? "devices.allow" : "devices.deny", r.v1Line(), r.sources());
            }
        }
    }

    private static void requireV1(CgroupLayout layout, String controller, boolean needed, String source) {
        if (needed && !layout.v1().containsKey(controller)) {
            throw new IllegalArgumentException(source + " needs the " + controller
                    + " controller, which is not mounted as a cgroup v1 hierarchy on this host"
                    + (layout.mode() == CgroupLayout.Mode.HYBRID ? " (on hybrid hosts only v1 hierarchies are used)" : ""));
        }
    }

    private static String hostValue(String value, String what) {
        if (value == null) {
            throw new IllegalArgumentException("cannot initialise a v1 cpuset cgroup: the host's cpuset " + what + " are unknown");
        }
        return value;
    }

    // ---------------------------------------------------------------- v2

    private static void planV2(Builder b, CgroupLayout layout, Requested req) {
        List<String> controllers = new ArrayList<>();
        List<String> sources = new ArrayList<>();
        need(layout, controllers, sources, "memory", req.memoryV2(), MEMORY);
        need(layout, controllers, sources, "pids", req.pids(), PIDS_LIMIT);
        need(layout, controllers, sources, "cpu", req.cpu(), CPU_RESOURCES);
        need(layout, controllers, sources, "cpuset", req.cpuset(), req.cpuset() ? req.cpusetSources().get(0) : "");
        need(layout, controllers, sources, "io", req.blkio(), BLOCK_IO);
        if (req.memory != null && (req.memory.kernelTCP() != null || req.memory.swappiness() != null
                || Boolean.TRUE.equals(req.memory.disableOOMKiller()))) {
            throw new IllegalArgumentException(MEMORY + ": kernelTCP, swappiness and disableOOMKiller have no cgroup v2 file");
        }

        Hierarchy h = b.hierarchy("", layout.unified());
        b.create(h);
        if (!controllers.isEmpty()) {
            // A v2 cgroup only has the controllers its parent enables in cgroup.subtree_control, so each
            // ancestor, from the one we start at down to the leaf's parent, must enable them.
            String enable = String.join(" ", controllers.stream().map(c -> "+" + c).toList());
            List<String> ancestors = new ArrayList<>();
            ancestors.add(h.base());
            ancestors.addAll(h.parents());
            for (String dir : ancestors) b.write(dir, "cgroup.subtree_control", enable, sources);
        }
        String dir = h.leaf();
        Spec.Memory m = req.memory;
        if (m != null) {
            if (m.limit() != null) b.write(dir, "memory.max", maxIfUnlimited(m.limit()), List.of(MEM + "limit"));
            if (m.swap() != null) {
                // OCI swap is memory+swap; v2 limits swap alone.
                String swapMax = m.swap() == -1 ? "max" : Long.toString(m.swap() - m.limit());
                b.write(dir, "memory.swap.max", swapMax, List.of(MEM + "swap", MEM + "limit"));
            }
            if (m.reservation() != null) b.write(dir, "memory.low", maxIfUnlimited(m.reservation()), List.of(MEM + "reservation"));
            // kernelTCP, swappiness and disableOOMKiller have no v2 file: refused above.
        }
        if (req.pids()) b.write(dir, "pids.max", req.pidsMax(), List.of(PIDS_LIMIT));
        Spec.Cpu c = req.cpu;
        if (req.cpu()) {
            if (req.shares() != null) b.write(dir, "cpu.weight", Long.toString(weightOf(req.shares())), List.of(CPU + "shares"));
            if (c.quota() != null || c.period() != null) {
                long period = c.period() != null ? c.period() : DEFAULT_PERIOD;
                String quota = c.quota() == null || c.quota() < 0 ? "max" : c.quota().toString();
                List<String> src = new ArrayList<>();
                if (c.quota() != null) src.add(CPU + "quota");
                if (c.period() != null) src.add(CPU + "period");
                b.write(dir, "cpu.max", quota + " " + period, src);
            }
        }
        if (req.cpus() != null) b.write(dir, "cpuset.cpus", req.cpus(), List.of(CPU + "cpus"));
        if (req.mems() != null) b.write(dir, "cpuset.mems", req.mems(), List.of(CPU + "mems"));
        // io.max takes one key per write and keeps the device's other keys ("max" lifts a limit, as rate 0 does on v1)
        req.throttles((kind, i, t) -> b.write(dir, "io.max", t.major() + ":" + t.minor() + " " + V2_THROTTLE_KEYS.get(kind)
                + "=" + (t.rate() == 0 ? "max" : Long.toUnsignedString(t.rate())), List.of(BLOCK_IO + "/" + kind + "/" + i)));
        // v2 has no devices files: a BPF program attached to the leaf decides, loaded by the helper. Without
        // config rules it would allow everything, so none is attached then.
        if (req.devicesRequested) {
            long[] program = DeviceFilterProgram.compile(req.devices);
            if (program.length > DeviceFilterProgram.MAX_INSNS) {
                throw new DeviceRules.InvalidRule(DEVICES, "compile to " + program.length + " BPF instructions; at most "
                        + DeviceFilterProgram.MAX_INSNS + " fit in one helper step (merge rules, e.g. with a wildcard minor)");
            }
            b.deviceFilter = new NativeStep.DeviceFilter(dir, program, req.devices, List.of(DEVICES));
        }
    }

    private static void need(CgroupLayout layout, List<String> controllers, List<String> sources,
                             String controller, boolean needed, String source) {
        if (!needed) return;
        if (!layout.unifiedControllers().contains(controller)) {
            throw new IllegalArgumentException(source + " needs the cgroup v2 " + controller
                    + " controller, which this host does not offer (cgroup.controllers: "
                    + String.join(" ", layout.unifiedControllers()) + ")");
        }
        controllers.add(controller);
        sources.add(source);
    }

    /** v1 cpu.shares (2..262144) → v2 cpu.weight (1..10000), the linear map runc and crun use. */
    static long weightOf(long shares) {
        long weight = 1 + ((shares - 2) * 9999) / 262142;
        return Math.max(1, Math.min(10_000, weight));
    }

    private static String maxIfUnlimited(long bytes) {
        return bytes == -1 ? "max" : Long.toString(bytes);
    }

    // ---------------------------------------------------------------- shared

    /** The resources as asked, with "not set" made explicit. */
    private static final class Requested {
        final Spec.Memory memory;
        final Spec.Pids pids;
        final Spec.Cpu cpu;
        final Spec.BlockIO blockIO;
        final List<DeviceRules.Rule> devices;
        final boolean devicesRequested;

        Requested(Spec.Resources r) {
            memory = r == null ? null : r.memory();
            pids = r == null ? null : r.pids();
            cpu = r == null ? null : r.cpu();
            blockIO = r == null ? null : r.blockIO();
            devices = DeviceRules.of(r == null ? null : r.devices());
            devicesRequested = DeviceRules.requested(r);
        }

        boolean memoryV1() {
            return memory != null && (memory.limit() != null || memory.swap() != null || memory.reservation() != null
                    || memory.swappiness() != null || Boolean.TRUE.equals(memory.disableOOMKiller()) || memory.kernelTCP() != null);
        }

        /** Every throttle rule, list by list, in config order. */
        void throttles(Spec.BlockIO.ThrottleVisitor visitor) {
            if (blockIO != null) blockIO.eachThrottle(visitor);
        }

        boolean blkio() { return blockIO != null && blockIO.hasThrottle(); }

        boolean memoryV2() {
            return memory != null && (memory.limit() != null || memory.swap() != null || memory.reservation() != null);
        }

        boolean pids() { return pids != null; }

        String pidsMax() { return pids.limit() < 0 ? "max" : Long.toString(pids.limit()); }

        /** shares 0 means "not set", as in runc. */
        Long shares() { return cpu == null || cpu.shares() == null || cpu.shares() == 0 ? null : cpu.shares(); }

        boolean cpu() { return cpu != null && (shares() != null || cpu.quota() != null || cpu.period() != null); }

        String cpus() { return cpu == null || cpu.cpus() == null || cpu.cpus().isBlank() ? null : cpu.cpus(); }

        String mems() { return cpu == null || cpu.mems() == null || cpu.mems().isBlank() ? null : cpu.mems(); }

        boolean cpuset() { return cpus() != null || mems() != null; }

        List<String> cpusetSources() {
            List<String> src = new ArrayList<>();
            if (cpus() != null) src.add(CPU + "cpus");
            if (mems() != null) src.add(CPU + "mems");
            return src;
        }

        /** A swap limit (memory+swap) is meaningless without a memory limit it is at least as large as. */
        void checkSwap() {
            if (memory == null || memory.swap() == null || memory.swap() == -1) return;
            Long limit = memory.limit();
            if (limit == null || limit < 0) {
                throw new IllegalArgumentException("/linux/resources/memory/swap " + memory.swap()
                        + " needs a memory limit (/linux/resources/memory/limit) as well");
            }
            if (memory.swap() < limit) {
                throw new IllegalArgumentException("/linux/resources/memory/swap " + memory.swap()
                        + " is memory+swap and must be at least the memory limit " + limit);
            }
        }
    }

    /**
     * One hierarchy to join. {@code base} is where the path starts (hierarchy root, or our own cgroup
     * for a relative path); {@code parents} the directories between base and leaf, top-down.
     */
    private record Hierarchy(String key, String mountPoint, String base, List<String> parents, String leaf) {}

    /** Collects steps in the order they must run. */
    private static final class Builder {
        final CgroupLayout layout;
        final Map<String, String> own;
        final boolean absolute;
        final List<String> names;
        final List<String> pathSources;
        final List<HostStep> creates = new ArrayList<>();
        final List<HostStep> writes = new ArrayList<>();
        final List<Hierarchy> joined = new ArrayList<>();
        NativeStep.DeviceFilter deviceFilter;

        Builder(CgroupLayout layout, Map<String, String> own, boolean absolute, List<String> names, List<String> pathSources) {
            this.layout = layout;
            this.own = own;
            this.absolute = absolute;
            this.names = names;
            this.pathSources = pathSources;
        }

        Hierarchy hierarchy(String key, String mountPoint) {
            String base = absolute ? mountPoint : layout.dirOf(mountPoint, own.getOrDefault(key, "/"));
            List<String> parents = new ArrayList<>();
            String dir = base;
            for (int i = 0; i < names.size(); i++) {
                dir = CgroupPaths.join(dir, names.get(i));
                if (i < names.size() - 1) parents.add(dir);
            }
            return new Hierarchy(key, mountPoint, base, List.copyOf(parents), dir);
        }

        void create(Hierarchy h) {
            joined.add(h);
            for (String parent : h.parents()) creates.add(new CgroupCreate(parent, pathSources));
            creates.add(new CgroupCreate(h.leaf(), pathSources));
        }

        void write(String dir, String file, String value, List<String> sources) {
            writes.add(new CgroupWrite(CgroupPaths.join(dir, file), value, List.copyOf(sources)));
        }

        CgroupSetup build() {
            List<HostStep> setup = new ArrayList<>(creates);
            setup.addAll(writes);
            List<String> procs = new ArrayList<>();
            List<String> origin = new ArrayList<>();
            List<CgroupRemove> cleanup = new ArrayList<>();
            List<String> parents = new ArrayList<>();
            for (Hierarchy h : joined) {
                procs.add(CgroupPaths.join(h.leaf(), "cgroup.procs"));
                String ownDir = layout.dirOf(h.mountPoint(), own.getOrDefault(h.key(), "/"));
                origin.add(CgroupPaths.join(ownDir, "cgroup.procs"));
                cleanup.add(new CgroupRemove(h.leaf(), pathSources));
                parents.addAll(h.parents());
            }
            // Parents may be shared with other containers: the cleaner tries them last and tolerates EBUSY.
            parents.sort(DEEPEST_FIRST);
            for (String p : parents) cleanup.add(new CgroupRemove(p, pathSources));
            return new CgroupSetup(setup, procs, origin, cleanup, pathSources, deviceFilter);
        }
    }
}
