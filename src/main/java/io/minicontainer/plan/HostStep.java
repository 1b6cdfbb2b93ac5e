package io.minicontainer.plan;

import java.util.List;

/** Steps the JVM applies itself, on the host. */
public sealed interface HostStep extends Step {
    @Override default Where where() { return Where.HOST; }

    /** mkdir of a cgroup directory in one hierarchy. */
    record CgroupCreate(String dir, List<String> sources) implements HostStep {
        public String kind() { return "cgroup-create"; }
        public String describe() { return "create cgroup " + dir; }
    }

    /** Write one cgroup control file (memory.limit_in_bytes, pids.max, ...). */
    record CgroupWrite(String file, String value, List<String> sources) implements HostStep {
        public String kind() { return "cgroup-write"; }
        public String describe() { return "write " + value + " to " + file; }
    }

    /** rmdir of a cgroup directory after the container is gone (processes still in it are killed first). */
    record CgroupRemove(String dir, List<String> sources) implements HostStep {
        public String kind() { return "cgroup-remove"; }
        public String describe() { return "remove cgroup " + dir; }
    }
}
