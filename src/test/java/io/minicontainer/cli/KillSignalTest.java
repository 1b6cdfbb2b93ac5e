package io.minicontainer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.minicontainer.diag.UserError;
import io.minicontainer.ffi.Signals;
import java.util.List;
import org.junit.jupiter.api.Test;

/** kill's own reading of TERM and KILL gives Signals.parse's numbers; everything else is Signals.parse's. */
class KillSignalTest {
    @Test
    void theSpellingsReadWithoutSignalsParseGiveItsNumbers() {
        for (String s : List.of("TERM", "SIGTERM", "15", "KILL", "SIGKILL", "9")) {
            assertEquals(Signals.parse(s).orElseThrow(), KillCommand.signalNumber(s), s);
        }
    }

    @Test
    void otherSpellingsAreSignalsParses() {
        for (String s : List.of("term", " TERM", "SigKill", "015", "0", "HUP", "SIGUSR1", "RTMIN+3", "64")) {
            assertEquals(Signals.parse(s).orElseThrow(), KillCommand.signalNumber(s), s);
        }
        for (String s : List.of("", "TERMS", "65", "0015", "SIG", "RTMIN+31")) {
            assertEquals(true, Signals.parse(s).isEmpty(), s);
            assertThrows(UserError.class, () -> KillCommand.signalNumber(s), s);
        }
    }
}
