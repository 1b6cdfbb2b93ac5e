package io.minicontainer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** plan --id checks the id exactly as run does: the same one line, the same exit code. */
class PlanIdCliTest {
    @TempDir
    static Path state;

    @ParameterizedTest
    @ValueSource(strings = {"../escape", "a/b", ".hidden", "-dash", "with space"})
    void aBadIdIsRefusedByPlanAsByRun(String id) {
        CliHarness.Result plan = CliHarness.run("--root", state.toString(), "plan", "--id=" + id, "examples/minimal.json");
        CliHarness.Result run = CliHarness.run("--root", state.toString(), "run", "--dry-run", "--id=" + id, "examples/minimal.json");
        assertEquals(ExitCode.INVALID_INPUT, run.exitCode(), run.err());
        assertEquals(run.exitCode(), plan.exitCode(), plan.out() + plan.err());
        assertEquals(run.err(), plan.err());
        assertTrue(plan.err().contains("invalid container id '" + id + "'"), plan.err());
        assertEquals("", plan.out(), "no plan is printed");
    }

    @Test
    void aTooLongIdToo() {
        String id = "x".repeat(201);
        CliHarness.Result plan = CliHarness.run("--root", state.toString(), "plan", "--id=" + id, "examples/minimal.json");
        assertEquals(ExitCode.INVALID_INPUT, plan.exitCode(), plan.err());
        assertEquals(List.of("mini-container: invalid container id '" + id + "': use letters, digits and _ + - . (not first), at most 200 characters"),
                plan.err().lines().toList());
    }
}
