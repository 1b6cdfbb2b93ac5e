package io.minicontainer.oci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SIGKILL the runtime at named points of create (MC_TEST_PAUSE_AT makes it stop there), then a
 * later `delete --force` must remove everything: container process, cgroups, state dir.
 */
class OciCrashSafetyIT {
    private OciFixture fx;

    @BeforeEach
    void setUp() throws Exception { fx = new OciFixture(); }

    @AfterEach
    void tearDown() throws Exception { fx.close(); }

    @ParameterizedTest
    @ValueSource(strings = {"state-written", "host-steps-applied", "pid-reported", "ready", "hooks-done"})
    void deleteForceCleansUpAfterCreateWasKilledAt(String point) throws Exception {
        String id = OciFixture.newId("crash");
        Path bundle = fx.bundle("b", List.of("/bin/true"), c -> c.putObject("hooks").putArray("prestart").addObject()
                .put("path", "/bin/true"));
        Path err = fx.work.resolve("err");
        Process create = fx.cli.startCreate(Map.of("MC_TEST_PAUSE_AT", point), id, bundle, fx.work.resolve("out"), err);
        try {
            OciFixture.awaitContent(err, "test pause at " + point);
        } finally {
            create.destroyForcibly(); // SIGKILL
            assertTrue(create.waitFor(10, TimeUnit.SECONDS));
        }
        Path stateFile = fx.cli.root.resolve(id).resolve("state.json");
        assertTrue(Files.exists(stateFile), "the state record exists before the first host step");
        JsonNode recorded = OciFixture.JSON.readTree(stateFile.toFile());
        assertEquals("creating", recorded.get("status").asText());
        int pid = recorded.get("pid").asInt();
        if (!point.equals("state-written")) assertFalse(OciFixture.cgroupDirs(id).isEmpty(), "cgroups were made at " + point);
        // at pid-reported the process waits in its hook pause (the prestart hook is still to run) and its helper kills it
        // when the runtime dies; from ready on it waits for start on its own
        if (List.of("ready", "hooks-done").contains(point)) assertTrue(OciFixture.alive(pid), "container process at " + point);

        assertEquals("creating", fx.status(id));
        OciCli.Result noForce = fx.cli.run("delete", id);
        assertEquals(65, noForce.code(), "a creating container needs --force: " + noForce);

        OciCli.Result r = fx.cli.run("delete", "--force", id);
        assertEquals(0, r.code(), r.toString());
        if (pid > 0) assertFalse(OciFixture.alive(pid), "container process killed");
        fx.assertGone(id);
    }

    /** `run` records "creating" before its first host step, as create does: a run killed after making its cgroups is undone. */
    @org.junit.jupiter.api.Test
    void deleteForceUndoesARunKilledAfterItsCgroupsWereMadeAndSaysWhatItRemoved() throws Exception {
        String id = OciFixture.newId("runcrash");
        Path bundle = fx.bundle("b", "sleep", "30");
        Path err = fx.work.resolve("err");
        ProcessBuilder pb = new ProcessBuilder(fx.cli.command("run", "--id", id, bundle.toString()))
                .redirectInput(java.lang.ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(java.lang.ProcessBuilder.Redirect.DISCARD).redirectError(err.toFile());
        pb.environment().put("MC_TEST_PAUSE_AT", "host-steps-applied");
        Process run = pb.start();
        try {
            OciFixture.awaitContent(err, "test pause at host-steps-applied");
        } finally {
            run.destroyForcibly();
            assertTrue(run.waitFor(10, TimeUnit.SECONDS));
        }
        assertFalse(OciFixture.cgroupDirs(id).isEmpty(), "the cgroups were made");
        assertEquals("creating", OciFixture.JSON.readTree(fx.cli.root.resolve(id).resolve("state.json").toFile()).get("status").asText());

        OciCli.Result r = fx.cli.run("delete", "--force", id);
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.err().contains("left halfway") && r.err().contains("removed cgroup /sys/fs/cgroup/"), r.toString());
        fx.assertGone(id);
    }
}
