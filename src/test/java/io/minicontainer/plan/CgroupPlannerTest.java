package io.minicontainer.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minicontainer.cgroup.CgroupLayout;
import io.minicontainer.cgroup.OwnCgroups;
import io.minicontainer.cgroup.Samples;
import io.minicontainer.plan.HostStep.CgroupCreate;
import io.minicontainer.plan.HostStep.CgroupRemove;
import io.minicontainer.plan.HostStep.CgroupWrite;
import io.minicontainer.spec.Spec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CgroupPlannerTest {
    static final long MIB = 1024 * 1024;
    static final String V1_ROOT_OWN = "4:memory:/\n3:cpu,cpuacct:/\n2:pids:/\n1:freezer:/\n";

    static Spec.Resources resources(Spec.Memory m, Spec.Pids p, Spec.Cpu c) {
        return new Spec.Resources(m, p, c, null);
    }

    static Spec.Memory memory(Long limit, Long reservation, Long swap, Long swappiness, Boolean noOom) {
        return new Spec.Memory(limit, reservation, swap, 1L << 20, null, swappiness, noOom);
    }

    static Spec.Cpu cpu(Long shares, Long quota, Long period, String cpus, String mems) {
        return new Spec.Cpu(shares, quota, period, null, null, cpus, mems);
    }

    /** The setup as "create DIR" / "FILE=VALUE" lines, easy to compare. */
    static List<String> lines(CgroupSetup s) {
        return s.setup().stream().map(CgroupPlannerTest::line).toList();
    }

    static String line(HostStep step) {
        if (step instanceof CgroupCreate c) return "create " + c.dir();
        CgroupWrite w = (CgroupWrite) step;
        return w.file() + "=" + w.value();
    }

    /** Without the devices hierarchy, which CgroupDevicesTest covers. */
    static List<String> withoutDevices(List<String> lines) {
        return lines.stream().filter(l -> !l.contains("/devices/")).toList();
    }

    static List<String> sourcesOf(CgroupSetup s, String file) {
        return s.setup().stream().filter(st -> st instanceof CgroupWrite w && w.file().endsWith(file))
                .findFirst().orElseThrow().sources();
    }

    @Test
    void v1AbsolutePathWithAllLimits() {
        CgroupSetup s = CgroupPlanner.plan(Samples.v1(), OwnCgroups.parse(V1_ROOT_OWN), "/mini-container/c1",
                resources(memory(64 * MIB, 32 * MIB, 128 * MIB, 10L, true), new Spec.Pids(10),
                        cpu(512L, 50_000L, 100_000L, null, null)));
        String mem = "/sys/fs/cgroup/memory/mini-container/c1/", cpu = "/sys/fs/cgroup/cpu,cpuacct/mini-container/c1/";
        assertEquals(List.of(
                "create /sys/fs/cgroup/memory/mini-container",
                "create /sys/fs/cgroup/memory/mini-container/c1",
                "create /sys/fs/cgroup/pids/mini-container",
                "create /sys/fs/cgroup/pids/mini-container/c1",
                "create /sys/fs/cgroup/cpu,cpuacct/mini-container",
                "create /sys/fs/cgroup/cpu,cpuacct/mini-container/c1",
                "create /sys/fs/cgroup/freezer/mini-container",
                "create /sys/fs/cgroup/freezer/mini-container/c1",
                mem + "memory.limit_in_bytes=67108864",
                mem + "memory.memsw.limit_in_bytes=134217728",
                mem + "memory.soft_limit_in_bytes=33554432",
                mem + "memory.swappiness=10",
                mem + "memory.oom_control=1",
                "/sys/fs/cgroup/pids/mini-container/c1/pids.max=10",
                cpu + "cpu.shares=512",
                cpu + "cpu.cfs_period_us=100000",
                cpu + "cpu.cfs_quota_us=50000"), withoutDevices(lines(s)));
        assertEquals(List.of(
                mem + "cgroup.procs",
                "/sys/fs/cgroup/pids/mini-container/c1/cgroup.procs",
                cpu + "cgroup.procs",
                "/sys/fs/cgroup/freezer/mini-container/c1/cgroup.procs",
                "/sys/fs/cgroup/devices/mini-container/c1/cgroup.procs"), s.procsFiles(), "cpu,cpuacct joined once");
        assertEquals(List.of(
                "/sys/fs/cgroup/memory/cgroup.procs",
                "/sys/fs/cgroup/pids/cgroup.procs",
                "/sys/fs/cgroup/cpu,cpuacct/cgroup.procs",
                "/sys/fs/cgroup/freezer/cgroup.procs",
                "/sys/fs/cgroup/devices/cgroup.procs"), s.originProcsFiles());
        assertEquals(List.of("/linux/resources/memory/swap"), sourcesOf(s, "memory.memsw.limit_in_bytes"));
        assertEquals(List.of("/linux/cgroupsPath"), s.setup().get(0).sources());
        assertTrue(lines(s).stream().noneMatch(l -> l.contains("kmem")), "kernel memory is not written");
        assertEquals(List.of(
                "/sys/fs/cgroup/memory/mini-container/c1",
                "/sys/fs/cgroup/pids/mini-container/c1",
                "/sys/fs/cgroup/cpu,cpuacct/mini-container/c1",
                "/sys/fs/cgroup/freezer/mini-container/c1",
                "/sys/fs/cgroup/devices/mini-container/c1",
                "/sys/fs/cgroup/memory/mini-container",
                "/sys/fs/cgroup/pids/mini-container",
                "/sys/fs/cgroup/cpu,cpuacct/mini-container",
                "/sys/fs/cgroup/freezer/mini-container",
                "/sys/fs/cgroup/devices/mini-container"), s.cleanup().stream().map(CgroupRemove::dir).toList());
    }

    @Test
    void v1UnlimitedValues() {
        CgroupSetup s = CgroupPlanner.plan(Samples.v1(), Map.of(), "/c",
                resources(memory(-1L, null, -1L, null, false), new Spec.Pids(-1), cpu(null, -1L, null, null, null)));
        List<String> l = lines(s);
        assertTrue(l.contains("/sys/fs/cgroup/memory/c/memory.limit_in_bytes=-1"), l.toString());
        assertTrue(l.contains("/sys/fs/cgroup/memory/c/memory.memsw.limit_in_bytes=-1"));
        assertTrue(l.contains("/sys/fs/cgroup/pids/c/pids.max=max"));
        assertTrue(l.contains("/sys/fs/cgroup/cpu,cpuacct/c/cpu.cfs_quota_us=-1"));
        assertTrue(l.stream().noneMatch(x -> x.contains("oom_control")), "disableOOMKiller=false writes nothing");
    }

    @Test
    void v1CpusetInitialisesParentsAndTheMissingHalf() {
        CgroupSetup s = CgroupPlanner.plan(Samples.v1(), Map.of(), "/mini-container/c1",
                resources(null, null, cpu(null, null, null, "1", null)));
        List<String> cpuset = lines(s).stream().filter(l -> l.contains("/cpuset/")).toList();
        assertEquals(List.of(
                "create /sys/fs/cgroup/cpuset/mini-container",
                "create /sys/fs/cgroup/cpuset/mini-container/c1",
                "/sys/fs/cgroup/cpuset/mini-container/cpuset.cpus=0-3",
                "/sys/fs/cgroup/cpuset/mini-container/cpuset.mems=0",
                "/sys/fs/cgroup/cpuset/mini-container/c1/cpuset.cpus=1",
                "/sys/fs/cgroup/cpuset/mini-container/c1/cpuset.mems=0"), cpuset);
        assertTrue(s.procsFiles().contains("/sys/fs/cgroup/cpuset/mini-container/c1/cgroup.procs"));
        assertEquals(List.of("/linux/resources/cpu/cpus"), sourcesOf(s, "c1/cpuset.mems"));
    }

    @Test
    void v1CpusetNotJoinedUnlessAsked() {
        CgroupSetup s = CgroupPlanner.plan(Samples.v1(), Map.of(), "/c", null);
        assertTrue(s.procsFiles().stream().noneMatch(f -> f.contains("cpuset")));
        assertEquals(5, s.procsFiles().size());
        assertTrue(s.setup().stream().allMatch(st -> st instanceof CgroupCreate || st.describe().contains("devices.allow")),
                "no limits, no writes but runc's default device allows");
    }

    @Test
    void relativePathHangsBelowOurOwnCgroupInEachHierarchy() {
        Map<String, String> own = OwnCgroups.parse(Samples.HYBRID_PROC_SELF_CGROUP);
        CgroupSetup s = CgroupPlanner.plan(Samples.hybrid(), own, "mc/c1", resources(memory(32 * MIB, null, null, null, null), null, null));
        assertEquals(List.of(
                "/sys/fs/cgroup/memory/process_api/7a0dc0cb/mc/c1/cgroup.procs",
                "/sys/fs/cgroup/pids/mc/c1/cgroup.procs",
                "/sys/fs/cgroup/cpu/mc/c1/cgroup.procs",
                "/sys/fs/cgroup/cpuacct/mc/c1/cgroup.procs",
                "/sys/fs/cgroup/freezer/mc/c1/cgroup.procs",
                "/sys/fs/cgroup/devices/mc/c1/cgroup.procs"), s.procsFiles());
        assertEquals("/sys/fs/cgroup/memory/process_api/7a0dc0cb/cgroup.procs", s.originProcsFiles().get(0));
        assertEquals("create /sys/fs/cgroup/memory/process_api/7a0dc0cb/mc", lines(s).get(0));
        assertTrue(lines(s).contains("/sys/fs/cgroup/memory/process_api/7a0dc0cb/mc/c1/memory.limit_in_bytes=33554432"));
    }

    @Test
    void hybridJoinsOnlyV1AndKeepsCpuAndCpuacctApart() {
        CgroupSetup s = CgroupPlanner.plan(Samples.hybrid(), OwnCgroups.parse(Samples.HYBRID_PROC_SELF_CGROUP), "/mini-container/x",
                resources(null, new Spec.Pids(5), cpu(1024L, null, null, null, null)));
        assertTrue(s.procsFiles().stream().noneMatch(f -> f.contains("unified")));
        assertEquals(6, s.procsFiles().size());
        assertEquals("/sys/fs/cgroup/memory/process_api/7a0dc0cb/cgroup.procs", s.originProcsFiles().get(0),
                "we leave back to our nested memory cgroup");
        assertTrue(lines(s).contains("/sys/fs/cgroup/cpu/mini-container/x/cpu.shares=1024"));
    }

    @Test
    void v2AbsolutePathWithAllLimits() {
        CgroupSetup s = CgroupPlanner.plan(Samples.v2(), Map.of("", "/user.slice"), "/mini-container/c1",
                resources(memory(64 * MIB, 32 * MIB, 96 * MIB, null, null), new Spec.Pids(10),
                        cpu(1024L, 50_000L, null, "0-1", null)));
        String d = "/sys/fs/cgroup/mini-container/c1/";
        assertEquals(List.of(
                "create /sys/fs/cgroup/mini-container",
                "create /sys/fs/cgroup/mini-container/c1",
                "/sys/fs/cgroup/cgroup.subtree_control=+memory +pids +cpu +cpuset",
                "/sys/fs/cgroup/mini-container/cgroup.subtree_control=+memory +pids +cpu +cpuset",
                d + "memory.max=67108864",
                d + "memory.swap.max=33554432",
                d + "memory.low=33554432",
                d + "pids.max=10",
                d + "cpu.weight=39",
                d + "cpu.max=50000 100000",
                d + "cpuset.cpus=0-1"), lines(s));
        assertEquals(List.of(d + "cgroup.procs"), s.procsFiles());
        assertEquals(List.of("/sys/fs/cgroup/user.slice/cgroup.procs"), s.originProcsFiles());
        assertEquals(List.of("/linux/resources/memory/swap", "/linux/resources/memory/limit"), sourcesOf(s, "memory.swap.max"));
    }

    @Test
    void v2EnablesOnlyNeededControllersAndSpellsUnlimitedAsMax() {
        CgroupSetup s = CgroupPlanner.plan(Samples.v2(), Map.of(), "/a/b/c",
                resources(memory(-1L, null, -1L, null, null), new Spec.Pids(-1), cpu(null, null, 20_000L, null, null)));
        assertEquals(List.of(
                "create /sys/fs/cgroup/a",
                "create /sys/fs/cgroup/a/b",
                "create /sys/fs/cgroup/a/b/c",
                "/sys/fs/cgroup/cgroup.subtree_control=+memory +pids +cpu",
                "/sys/fs/cgroup/a/cgroup.subtree_control=+memory +pids +cpu",
                "/sys/fs/cgroup/a/b/cgroup.subtree_control=+memory +pids +cpu",
                "/sys/fs/cgroup/a/b/c/memory.max=max",
                "/sys/fs/cgroup/a/b/c/memory.swap.max=max",
                "/sys/fs/cgroup/a/b/c/pids.max=max",
                "/sys/fs/cgroup/a/b/c/cpu.max=max 20000"), lines(s));
        assertEquals(List.of("/sys/fs/cgroup/a/b/c", "/sys/fs/cgroup/a/b", "/sys/fs/cgroup/a"),
                s.cleanup().stream().map(CgroupRemove::dir).toList());
    }

    @Test
    void v2WithoutLimitsStillCreatesAndJoins() {
        CgroupSetup s = CgroupPlanner.plan(Samples.v2(), Map.of(), "/c", null);
        assertEquals(List.of("create /sys/fs/cgroup/c"), lines(s));
        assertEquals(List.of("/sys/fs/cgroup/c/cgroup.procs"), s.procsFiles());
    }

    @Test
    void v2SwapEqualToLimitMeansNoSwap() {
        CgroupSetup s = CgroupPlanner.plan(Samples.v2(), Map.of(), "/c", resources(memory(MIB, null, MIB, null, null), null, null));
        assertTrue(lines(s).contains("/sys/fs/cgroup/c/memory.swap.max=0"));
    }

    @Test
    void sharesToWeight() {
        assertEquals(1, CgroupPlanner.weightOf(2));
        assertEquals(39, CgroupPlanner.weightOf(1024));
        assertEquals(20, CgroupPlanner.weightOf(512));
        assertEquals(10_000, CgroupPlanner.weightOf(262_144));
        assertEquals(1, CgroupPlanner.weightOf(1), "clamped");
    }

    @Test
    void rejectsDotDot() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CgroupPlanner.plan(Samples.v1(), Map.of(), "/mini-container/../../etc", null));
        assertTrue(e.getMessage().contains(".."), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> CgroupPlanner.plan(Samples.v2(), Map.of(), "../x", null));
        assertThrows(IllegalArgumentException.class, () -> CgroupPlanner.plan(Samples.v2(), Map.of(), "/", null));
    }

    @Test
    void rejectsImpossibleSwap() {
        assertThrows(IllegalArgumentException.class, () -> CgroupPlanner.plan(Samples.v1(), Map.of(), "/c",
                resources(memory(2 * MIB, null, MIB, null, null), null, null)));
        assertThrows(IllegalArgumentException.class, () -> CgroupPlanner.plan(Samples.v2(), Map.of(), "/c",
                resources(memory(null, null, MIB, null, null), null, null)));
    }

    @Test
    void rejectsMissingControllers() {
        CgroupLayout v2NoCpuset = new CgroupLayout(Map.of(), "/sys/fs/cgroup", java.util.Set.of("memory", "pids"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CgroupPlanner.plan(
                v2NoCpuset, Map.of(), "/c", resources(null, null, cpu(null, null, null, "0", null))));
        assertTrue(e.getMessage().contains("cpuset"), e.getMessage());
        CgroupLayout v1NoPids = new CgroupLayout(Map.of("memory", "/sys/fs/cgroup/memory"), null, java.util.Set.of());
        assertThrows(IllegalArgumentException.class, () -> CgroupPlanner.plan(v1NoPids, Map.of(), "/c",
                resources(null, new Spec.Pids(3), null)));
    }

    private static Spec.BlockIO throttles() {
        return new Spec.BlockIO(List.of(new Spec.ThrottleDevice(8, 0, 1048576), new Spec.ThrottleDevice(253, 1, 0)),
                List.of(new Spec.ThrottleDevice(8, 0, 2097152)), List.of(new Spec.ThrottleDevice(8, 16, 100)),
                List.of(new Spec.ThrottleDevice(8, 16, 200)));
    }

    @Test
    void v1BlkioThrottlesAndKernelTcpAreWrittenAndBlkioIsJoinedOnlyWhenAsked() {
        Spec.Memory tcp = new Spec.Memory(null, null, null, null, 16 * MIB, null, null);
        CgroupSetup s = CgroupPlanner.plan(Samples.hybrid(), Map.of(), "/mc/t",
                new Spec.Resources(tcp, null, null, null, throttles()));
        String blkio = "/sys/fs/cgroup/blkio/mc/t/";
        List<String> lines = lines(s);
        assertTrue(lines.contains("/sys/fs/cgroup/memory/mc/t/memory.kmem.tcp.limit_in_bytes=16777216"), lines.toString());
        assertEquals(List.of(
                blkio + "blkio.throttle.read_bps_device=8:0 1048576",
                blkio + "blkio.throttle.read_bps_device=253:1 0",
                blkio + "blkio.throttle.write_bps_device=8:0 2097152",
                blkio + "blkio.throttle.read_iops_device=8:16 100",
                blkio + "blkio.throttle.write_iops_device=8:16 200"),
                lines.stream().filter(l -> l.startsWith(blkio + "blkio.")).toList());
        assertTrue(s.procsFiles().contains(blkio + "cgroup.procs"), s.procsFiles().toString());
        assertEquals(List.of("/linux/resources/blockIO/throttleReadIOPSDevice/0"), sourcesOf(s, "read_iops_device"));
        assertEquals(List.of("/linux/resources/memory/kernelTCP"), sourcesOf(s, "kmem.tcp.limit_in_bytes"));

        CgroupSetup none = CgroupPlanner.plan(Samples.hybrid(), Map.of(), "/mc/t", null);
        assertTrue(none.procsFiles().stream().noneMatch(f -> f.contains("/blkio/")), none.procsFiles().toString());
    }

    @Test
    void v2ThrottlesBecomeIoMaxKeysAndRateZeroLiftsTheLimit() {
        CgroupSetup s = CgroupPlanner.plan(Samples.v2(), Map.of(), "/mc/t", new Spec.Resources(null, null, null, null, throttles()));
        String d = "/sys/fs/cgroup/mc/t/";
        assertEquals(List.of(
                "create /sys/fs/cgroup/mc",
                "create /sys/fs/cgroup/mc/t",
                "/sys/fs/cgroup/cgroup.subtree_control=+io",
                "/sys/fs/cgroup/mc/cgroup.subtree_control=+io",
                d + "io.max=8:0 rbps=1048576",
                d + "io.max=253:1 rbps=max",
                d + "io.max=8:0 wbps=2097152",
                d + "io.max=8:16 riops=100",
                d + "io.max=8:16 wiops=200"), lines(s));
    }

    @Test
    void v2RefusesMemorySettingsThatHaveNoV2File() {
        for (Spec.Memory m : List.of(new Spec.Memory(null, null, null, null, 1L, null, null),
                new Spec.Memory(null, null, null, null, null, 10L, null), new Spec.Memory(null, null, null, null, null, null, true))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> CgroupPlanner.plan(Samples.v2(), Map.of(), "/mc/t", resources(m, null, null)));
            assertTrue(e.getMessage().contains("no cgroup v2 file"), e.getMessage());
        }
    }
}
