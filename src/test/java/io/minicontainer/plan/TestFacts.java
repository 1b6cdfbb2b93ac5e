package io.minicontainer.plan;

import io.minicontainer.cgroup.CgroupLayout;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** Host facts shaped like this project's machines: hybrid cgroups, nested memory cgroup, cap_last_cap 40. */
public final class TestFacts {
    private TestFacts() {}

    public static HostFacts hybrid() {
        Map<String, String> v1 = new LinkedHashMap<>();
        for (String c : new String[] {"cpu", "cpuacct", "cpuset", "memory", "devices", "freezer", "blkio", "pids"}) {
            v1.put(c, "/sys/fs/cgroup/" + c);
        }
        CgroupLayout layout = new CgroupLayout(v1, "/sys/fs/cgroup/unified", Set.of("hugetlb"), Map.of(), "0-1", "0");
        Map<String, String> own = new LinkedHashMap<>();
        for (String c : v1.keySet()) own.put(c, "/");
        own.put("memory", "/process_api/abc");
        own.put("", "/");
        return new HostFacts(layout, own, 40);
    }

    public static HostFacts pureV2() {
        CgroupLayout layout = new CgroupLayout(Map.of(), "/sys/fs/cgroup", Set.of("cpuset", "cpu", "io", "memory", "pids"),
                Map.of(), "0-1", "0");
        return new HostFacts(layout, Map.of("", "/"), 40);
    }
}
