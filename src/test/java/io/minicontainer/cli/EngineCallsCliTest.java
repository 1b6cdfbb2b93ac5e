package io.minicontainer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The calls podman and the containerd shim make besides the lifecycle, and what a typo gets. */
class EngineCallsCliTest {
    @TempDir Path root;

    @Test
    void deleteForceOfAnUnknownIdExitsZeroSilentlyAsRuncDoes() throws Exception {
        Files.createDirectories(root);
        CliHarness.Result r = CliHarness.run("--root", root.toString(), "delete", "--force", "never-created");
        assertEquals(ExitCode.OK, r.exitCode(), r.err());
        assertEquals("", r.out() + r.err());
        try (var left = Files.list(root)) {
            assertEquals(0, left.count(), "no lock file or directory is left for the unknown id");
        }
        CliHarness.Result missingRoot = CliHarness.run("--root", root.resolve("none").toString(), "delete", "-f", "x");
        assertEquals(ExitCode.OK, missingRoot.exitCode(), missingRoot.err());
        assertFalse(Files.exists(root.resolve("none")), "a missing --root is not created for nothing");
        CliHarness.Result plain = CliHarness.run("--root", root.toString(), "delete", "never-created");
        assertEquals(ExitCode.INVALID_INPUT, plain.exitCode(), "without --force an unknown id is still an error");
    }

    @Test
    void checkpointAndRestoreFailEvenForHelp() {
        for (String[] args : new String[][] {{"checkpoint", "--help"}, {"checkpoint", "x"}, {"restore", "--help"},
                {"restore", "--image-path", "/tmp/i", "x"}}) {
            CliHarness.Result r = CliHarness.run(args);
            assertNotEquals(ExitCode.OK, r.exitCode(), String.join(" ", args));
            assertTrue(r.err().contains(args[0] + " is not supported"), r.err());
        }
    }

    @Test
    void aTypoIsAnUnknownCommandWithASuggestion() {
        CliHarness.Result r = CliHarness.run("sttae", "x");
        assertEquals(ExitCode.USAGE, r.exitCode());
        assertTrue(r.err().contains("unknown command 'sttae' (did you mean state?)"), r.err());
        CliHarness.Result far = CliHarness.run("frobnicate");
        assertEquals(ExitCode.USAGE, far.exitCode());
        assertTrue(far.err().contains("unknown command 'frobnicate'") && !far.err().contains("did you mean"), far.err());
    }

    @Test
    void theQuickFormStillWinsWhenItsOperandsLookLikeOne() {
        // "sh" is no host path, but the second operand names a rootfs: the quick form says what is wrong with it
        CliHarness.Result r = CliHarness.run("sh", "./no-such-rootfs");
        assertEquals(ExitCode.INVALID_INPUT, r.exitCode(), r.err());
        assertFalse(r.err().contains("unknown command"), r.err());
        assertFalse(r.out().contains("unknown command"), r.out());
    }
}
