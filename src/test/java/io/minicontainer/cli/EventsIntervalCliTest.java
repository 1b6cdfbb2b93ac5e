package io.minicontainer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** events --interval: a value too large for a long is one line of invalid input, checked before the container. */
class EventsIntervalCliTest {
    @TempDir
    Path root;

    @Test
    void aTwentyDigitIntervalIsInvalidInputNotAnInternalError() {
        for (String interval : List.of("99999999999999999999s", "9223372036854775807m", "0s", "5x")) {
            CliHarness.Result r = CliHarness.run("--root", root.toString(), "events", "--interval", interval, "no-such-container");
            assertEquals(ExitCode.INVALID_INPUT, r.exitCode(), interval + ": " + r.err());
            assertEquals(1, r.err().lines().count(), r.err());
            assertTrue(r.err().startsWith("mini-container: --interval " + interval + ": "), r.err());
        }
    }
}
