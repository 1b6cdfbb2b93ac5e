package io.minicontainer.cgroup;

import java.util.Map;

/** Synthetic /proc/self/mountinfo texts and cgroup files for the three layouts. */
public final class Samples {
    private Samples() {}

    /** Pure v1, Debian 10 style: cpu,cpuacct and net_cls,net_prio comounted, plus name=systemd. */
    public static final String V1_MOUNTINFO = """
            22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw
            25 18 0:22 / /sys/fs/cgroup ro,nosuid,nodev,noexec shared:9 - tmpfs tmpfs ro,mode=755
            26 25 0:23 / /sys/fs/cgroup/systemd rw,nosuid,nodev,noexec,relatime shared:10 - cgroup cgroup rw,xattr,release_agent=/lib/systemd/systemd-cgroups-agent,name=systemd
            29 25 0:26 / /sys/fs/cgroup/cpu,cpuacct rw,nosuid,nodev,noexec,relatime shared:14 - cgroup cgroup rw,cpu,cpuacct
            30 25 0:27 / /sys/fs/cgroup/cpuset rw,nosuid,nodev,noexec,relatime shared:15 - cgroup cgroup rw,cpuset
            31 25 0:28 / /sys/fs/cgroup/memory rw,nosuid,nodev,noexec,relatime shared:16 - cgroup cgroup rw,memory
            32 25 0:29 / /sys/fs/cgroup/pids rw,nosuid,nodev,noexec,relatime shared:17 - cgroup cgroup rw,pids
            33 25 0:30 / /sys/fs/cgroup/freezer rw,nosuid,nodev,noexec,relatime shared:18 - cgroup cgroup rw,freezer
            34 25 0:31 / /sys/fs/cgroup/net_cls,net_prio rw,nosuid,nodev,noexec,relatime shared:19 - cgroup cgroup rw,net_cls,net_prio
            35 25 0:32 / /sys/fs/cgroup/devices rw,nosuid,nodev,noexec,relatime shared:20 - cgroup cgroup rw,devices
            """;
    public static final Map<String, String> V1_FILES = Map.of(
            "/sys/fs/cgroup/cpuset/cpuset.cpus", "0-3\n",
            "/sys/fs/cgroup/cpuset/cpuset.mems", "0\n");

    /** Pure v2 (unified) host. */
    public static final String V2_MOUNTINFO = """
            22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw
            30 23 0:26 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:4 - cgroup2 cgroup2 rw,nsdelegate,memory_recursiveprot
            """;
    public static final Map<String, String> V2_FILES = Map.of(
            "/sys/fs/cgroup/cgroup.controllers", "cpuset cpu io memory hugetlb pids rdma misc\n",
            "/sys/fs/cgroup/cpuset.cpus.effective", "0-7\n",
            "/sys/fs/cgroup/cpuset.mems.effective", "0\n");

    /** This project's hosts: every v1 controller on its own mount (cpu and cpuacct apart), cgroup2 with hugetlb only. */
    public static final String HYBRID_MOUNTINFO = """
            23 1 0:21 / / rw,relatime - overlay overlay rw
            31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755
            32 31 0:29 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu
            33 31 0:30 / /sys/fs/cgroup/cpuacct rw,relatime - cgroup cgroup rw,cpuacct
            34 31 0:31 / /sys/fs/cgroup/cpuset rw,relatime - cgroup cgroup rw,cpuset
            35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory
            36 31 0:33 / /sys/fs/cgroup/devices rw,relatime - cgroup cgroup rw,devices
            37 31 0:34 / /sys/fs/cgroup/freezer rw,relatime - cgroup cgroup rw,freezer
            38 31 0:35 / /sys/fs/cgroup/blkio rw,relatime - cgroup cgroup rw,blkio
            39 31 0:36 / /sys/fs/cgroup/pids rw,relatime - cgroup cgroup rw,pids
            40 31 0:37 / /sys/fs/cgroup/systemd rw,relatime - cgroup cgroup rw,name=systemd
            41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw
            """;
    public static final Map<String, String> HYBRID_FILES = Map.of(
            "/sys/fs/cgroup/unified/cgroup.controllers", "hugetlb\n",
            "/sys/fs/cgroup/cpuset/cpuset.cpus", "0-1\n",
            "/sys/fs/cgroup/cpuset/cpuset.mems", "0\n");
    public static final String HYBRID_PROC_SELF_CGROUP = """
            9:name=systemd:/
            8:pids:/
            7:blkio:/
            6:freezer:/
            5:devices:/
            4:memory:/process_api/7a0dc0cb
            3:cpuset:/
            2:cpuacct:/
            1:cpu:/
            0::/
            """;

    public static CgroupLayout v1() { return CgroupLayout.parse(V1_MOUNTINFO, V1_FILES::get); }

    public static CgroupLayout v2() { return CgroupLayout.parse(V2_MOUNTINFO, V2_FILES::get); }

    public static CgroupLayout hybrid() { return CgroupLayout.parse(HYBRID_MOUNTINFO, HYBRID_FILES::get); }
}
