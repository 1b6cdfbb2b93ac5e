package io.minicontainer.cgroup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.minicontainer.cgroup.CgroupLayout.Mode;
import io.minicontainer.exec.HostProbe;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CgroupLayoutTest {

    @Test
    void pureV1WithComounts() {
        CgroupLayout l = Samples.v1();
        assertEquals(Mode.V1, l.mode());
        assertEquals("/sys/fs/cgroup/cpu,cpuacct", l.v1().get("cpu"));
        assertEquals("/sys/fs/cgroup/cpu,cpuacct", l.v1().get("cpuacct"));
        assertEquals("/sys/fs/cgroup/net_cls,net_prio", l.v1().get("net_prio"));
        assertEquals(Set.of("cpu", "cpuacct", "cpuset", "memory", "pids", "freezer", "net_cls", "net_prio", "devices"),
                l.v1().keySet(), "name=systemd carries no resources");
        assertNull(l.unified());
        assertEquals(Set.of(), l.unifiedControllers());
        assertEquals("0-3", l.hostCpus());
        assertEquals("0", l.hostMems());
    }

    @Test
    void pureV2() {
        CgroupLayout l = Samples.v2();
        assertEquals(Mode.V2, l.mode());
        assertEquals(Map.of(), l.v1());
        assertEquals("/sys/fs/cgroup", l.unified());
        assertEquals(Set.of("cpuset", "cpu", "io", "memory", "hugetlb", "pids", "rdma", "misc"), l.unifiedControllers());
        assertEquals("0-7", l.hostCpus());
        assertEquals("0", l.hostMems());
    }

    @Test
    void thisHybridHost() {
        CgroupLayout l = Samples.hybrid();
        assertEquals(Mode.HYBRID, l.mode());
        assertEquals("/sys/fs/cgroup/cpu", l.v1().get("cpu"));
        assertEquals("/sys/fs/cgroup/cpuacct", l.v1().get("cpuacct"));
        assertEquals(8, l.v1().size());
        assertEquals("/sys/fs/cgroup/unified", l.unified());
        assertEquals(Set.of("hugetlb"), l.unifiedControllers());
        assertEquals("0-1", l.hostCpus());
    }

    @Test
    void escapedMountPointsAndMountRoots() {
        String mi = "40 31 0:32 /docker/abc /sys/fs/cgroup/my\\040memory rw - cgroup cgroup rw,memory\n";
        CgroupLayout l = CgroupLayout.parse(mi, f -> null);
        assertEquals("/sys/fs/cgroup/my memory", l.v1().get("memory"));
        // A bind-mounted sub-hierarchy: our own path is shown relative to the real root.
        assertEquals("/sys/fs/cgroup/my memory/x", l.dirOf("/sys/fs/cgroup/my memory", "/docker/abc/x"));
        assertEquals("/sys/fs/cgroup/my memory", l.dirOf("/sys/fs/cgroup/my memory", "/docker/abc"));
    }

    @Test
    void noCgroups() {
        assertEquals(Mode.NONE, CgroupLayout.parse("22 1 8:1 / / rw - ext4 /dev/sda1 rw\n", f -> null).mode());
    }

    @Test
    void ownCgroupsKeyEachComountedControllerAndV2UnderEmptyKey() {
        Map<String, String> own = OwnCgroups.parse("""
                12:cpu,cpuacct:/user.slice
                4:memory:/user.slice/session-1.scope
                1:name=systemd:/user.slice/session-1.scope
                0::/user.slice/session-1.scope
                """);
        assertEquals("/user.slice", own.get("cpu"));
        assertEquals("/user.slice", own.get("cpuacct"));
        assertEquals("/user.slice/session-1.scope", own.get("memory"));
        assertEquals("/user.slice/session-1.scope", own.get(""));
        assertEquals("/process_api/7a0dc0cb", OwnCgroups.parse(Samples.HYBRID_PROC_SELF_CGROUP).get("memory"));
    }

    @Test
    void detectsThisHost() throws Exception {
        CgroupLayout l = HostProbe.cgroupLayout();
        // Any of the three layouts is fine; it must at least be consistent with /proc/self/cgroup.
        Map<String, String> own = HostProbe.ownCgroups();
        for (String controller : l.v1().keySet()) assertEquals(true, own.containsKey(controller), controller);
        if (l.unified() != null) assertEquals(true, own.containsKey(""));
    }
}
