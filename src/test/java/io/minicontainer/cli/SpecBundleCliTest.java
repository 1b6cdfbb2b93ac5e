package io.minicontainer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** spec --bundle DIR: like runc spec, a missing DIR is not made; it is named in one line (65), and nothing is written. */
class SpecBundleCliTest {
    @TempDir
    Path dir;

    @Test
    void aMissingBundleDirectoryIsSaidToBeMissing() {
        Path missing = dir.resolve("no/such/bundle");
        CliHarness.Result r = CliHarness.run("spec", "--bundle", missing.toString());
        assertEquals(ExitCode.INVALID_INPUT, r.exitCode(), r.err());
        assertEquals(List.of("mini-container: --bundle " + missing + ": no such directory (create it first, e.g. mkdir -p " + missing + ")"),
                r.err().lines().toList());
        assertFalse(Files.exists(dir.resolve("no")), "nothing is created");
    }

    @Test
    void aFileIsNotADirectory() throws Exception {
        Path file = Files.writeString(dir.resolve("file"), "");
        CliHarness.Result r = CliHarness.run("spec", "--bundle", file.toString());
        assertEquals(ExitCode.INVALID_INPUT, r.exitCode(), r.err());
        assertTrue(r.err().contains(": not a directory"), r.err());
    }

    @Test
    void anExistingDirectoryGetsItsConfig() {
        CliHarness.Result r = CliHarness.run("spec", "--bundle", dir.toString());
        assertEquals(ExitCode.OK, r.exitCode(), r.err());
        assertTrue(Files.isRegularFile(dir.resolve("config.json")));
    }
}
