package io.minicontainer.plan;

import java.util.ArrayList;
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

        /**
         * The directories of {@code cleanup}, in its order (exec/CgroupCleaner's and the state's). A loop, not a stream:
         * run's and delete's cleanup is on their path, and each lambda linked costs a cold start ~0.1 ms (docs/STARTUP.md).
         */
        public static List<String> dirs(List<CgroupRemove> cleanup) {
            List<String> dirs = new ArrayList<>(cleanup.size());
            for (CgroupRemove r : cleanup) dirs.add(r.dir());
            return dirs;
        }
    }

    /**
     * One OCI hook the JVM runs on the host, in the runtime's namespaces, with the state document
     * ({@code status}, the host pid) on stdin: prestart and createRuntime while the container process
     * waits in its hook pause, poststart after exec, poststop after the container is gone.
     */
    record RunHook(String stage, int index, String path, List<String> args, List<String> env, Integer timeout,
                   String status, List<String> sources) implements HostStep {
        public String kind() { return "hook"; }
        public String describe() { return HookSteps.describe(stage, index, path, args, timeout, status, "on the host"); }
    }
}
