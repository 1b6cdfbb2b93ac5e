package io.minicontainer.plan;

import io.minicontainer.cgroup.CgroupLayout;
import io.minicontainer.spec.CapabilityNames;
import java.util.Map;
import java.util.Set;

/**
 * What the planner needs to know about the host, read once before planning so that planning
 * itself stays pure. Tests pass hand-made facts.
 *
 * @param cgroups     the detected cgroup layout (v1, v2 or hybrid)
 * @param ownCgroups  this process's cgroup per hierarchy, from /proc/self/cgroup ("memory" → "/a/b", "" → v2 path)
 * @param lastCap     /proc/sys/kernel/cap_last_cap
 */
public record HostFacts(CgroupLayout cgroups, Map<String, String> ownCgroups, int lastCap) {
    /**
     * A host that is the same everywhere, for reading a config without its machine (`diff`, `audit`,
     * CI): pure cgroup v2 at /sys/fs/cgroup with every controller a config can ask for, the runtime in
     * the root cgroup, and the last capability this build knows. Plans made with it name v2 files
     * (memory.max, pids.max) whatever host prints them.
     */
    public static HostFacts portable() {
        CgroupLayout v2 = new CgroupLayout(Map.of(), "/sys/fs/cgroup",
                Set.of("cpuset", "cpu", "io", "memory", "hugetlb", "pids", "rdma", "misc"), Map.of(), null, null);
        return new HostFacts(v2, Map.of("", "/"), CapabilityNames.last());
    }
}
