package io.minicontainer.plan;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minicontainer.cgroup.CgroupLayout;
import io.minicontainer.spec.SpecLoader;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * examples/limits.json prints its memory limit on every cgroup layout: its cgroup mount shows the container's
 * own cgroup (a cgroup namespace, cgroup2 on v2; a tmpfs of per-hierarchy binds on v1 and hybrid hosts), and
 * its program reads memory.max (v2) or memory/memory.limit_in_bytes (v1), whichever exists.
 * {@code features/LimitsExampleIT} runs it on the host the tests run on.
 */
class LimitsExampleTest {
    private static final Path EXAMPLE = Path.of(System.getProperty("mc.basedir", "")).toAbsolutePath().resolve("examples/limits.json");

    @Test
    void onCgroupV2TheContainerMountsItsOwnCgroup2TreeAndReadsMemoryMax() {
        List<String> steps = steps(TestFacts.pureV2());
        assertHas(steps, "clone3 CLONE_NEWPID|CLONE_NEWNS|CLONE_NEWUTS|CLONE_NEWIPC|CLONE_NEWCGROUP");
        assertHas(steps, "mount cgroup2 cgroup on /bundle/rootfs/sys/fs/cgroup (ro,");
        assertHas(steps, "write 67108864 to /sys/fs/cgroup/mini-container/limits/memory.max");
        assertHas(steps, "cat /sys/fs/cgroup/memory.max");
    }

    @Test
    void onHybridAndV1HostsTheMemoryHierarchyIsBoundWhereTheProgramLooksForIt() {
        for (HostFacts facts : List.of(TestFacts.hybrid(), pureV1())) {
            List<String> steps = steps(facts);
            assertHas(steps, "mount /sys/fs/cgroup/memory/mini-container/limits on /bundle/rootfs/sys/fs/cgroup/memory (bind)");
            assertHas(steps, "write 67108864 to /sys/fs/cgroup/memory/mini-container/limits/memory.limit_in_bytes");
            assertHas(steps, "cat /sys/fs/cgroup/memory/memory.limit_in_bytes");
        }
    }

    private static List<String> steps(HostFacts facts) {
        Plan plan = Planner.plan(SpecLoader.load(EXAMPLE).spec(), PlanRequest.forRun("golden", "/bundle"), facts);
        return plan.steps().stream().map(Step::describe).toList();
    }

    private static void assertHas(List<String> steps, String text) {
        assertTrue(steps.stream().anyMatch(s -> s.contains(text)), "no step with \"" + text + "\" in\n" + String.join("\n", steps));
    }

    /** Every controller on its own v1 hierarchy and no cgroup2 mount at all. */
    private static HostFacts pureV1() {
        Map<String, String> v1 = new LinkedHashMap<>();
        Map<String, String> own = new LinkedHashMap<>();
        for (String c : new String[] {"cpu", "cpuacct", "cpuset", "memory", "devices", "freezer", "blkio", "pids"}) {
            v1.put(c, "/sys/fs/cgroup/" + c);
            own.put(c, "/");
        }
        return new HostFacts(new CgroupLayout(v1, null, Set.of(), Map.of(), "0-1", "0"), own, 40);
    }
}
