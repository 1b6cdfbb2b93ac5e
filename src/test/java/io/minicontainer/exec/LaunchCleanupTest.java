package io.minicontainer.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minicontainer.diag.RuntimeFailure;
import io.minicontainer.plan.HostStep;
import io.minicontainer.plan.Plan;
import io.minicontainer.plan.Step;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * When a launch fails and its cleanup fails too, the caller sees the original error, with the
 * cleanup problem attached as suppressed, never the other way round. Plain directories stand in
 * for cgroups: no root needed.
 */
class LaunchCleanupTest {
    @Test
    void originalErrorSurvivesACleanupError(@TempDir Path tmp) throws Exception {
        Path ours = tmp.resolve("ours");
        // A "cgroup" the cleanup must remove but cannot: not empty (rmdir says ENOTEMPTY).
        Path stuck = Files.createDirectories(tmp.resolve("stuck"));
        Files.writeString(stuck.resolve("something"), "x");
        Plan plan = new Plan("t", "/rootfs", List.<Step>of(new HostStep.CgroupCreate(ours.toString(), List.of())),
                List.of(new HostStep.CgroupRemove(ours.toString(), List.of()), new HostStep.CgroupRemove(stuck.toString(), List.of())));

        // The helper refuses the plan: it holds no native step at all (no clone, no exec).
        RuntimeFailure e = assertThrows(RuntimeFailure.class,
                () -> Launch.start(plan, tmp, false, Launch.Stdio.INHERIT, TraceSink.NONE));

        assertTrue(e.getMessage().startsWith("the native helper rejected the plan"), e.getMessage());
        assertEquals(1, e.getSuppressed().length, "the cleanup failure rides along");
        assertTrue(e.getSuppressed()[0].getMessage().startsWith("cleanup: ") && e.getSuppressed()[0].getMessage().contains(stuck.toString()),
                e.getSuppressed()[0].getMessage());
        assertFalse(Files.exists(ours), "what could be removed was removed");
    }

    @Test
    void failedHostStepRemovesOnlyWhatItCreated(@TempDir Path tmp) throws Exception {
        Path parent = Files.createDirectories(tmp.resolve("shared-parent")); // exists already: another container's
        Path leaf = parent.resolve("leaf");
        Plan plan = new Plan("t", "/rootfs", List.<Step>of(new HostStep.CgroupCreate(parent.toString(), List.of()),
                new HostStep.CgroupCreate(leaf.toString(), List.of()),
                new HostStep.CgroupWrite(leaf.resolve("no-such-file").toString(), "1", List.of("/linux/resources/pids/limit"))),
                List.of(new HostStep.CgroupRemove(leaf.toString(), List.of()), new HostStep.CgroupRemove(parent.toString(), List.of())));

        RuntimeFailure e = assertThrows(RuntimeFailure.class,
                () -> Launch.start(plan, tmp, false, Launch.Stdio.INHERIT, TraceSink.NONE));

        assertTrue(e.getMessage().matches("step 3 .*: ENOENT \\(No such file or directory\\) from /linux/resources/pids/limit: .*"), e.getMessage());
        assertFalse(Files.exists(leaf), "the leaf this launch created is gone");
        assertTrue(Files.isDirectory(parent), "the existing parent was shared and stays");
    }
}
