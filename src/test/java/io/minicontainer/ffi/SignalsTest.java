package io.minicontainer.ffi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class SignalsTest {
    @Test
    void numbersNamesAndSigNames() {
        assertEquals(Optional.of(9), Signals.parse("9"));
        assertEquals(Optional.of(9), Signals.parse("KILL"));
        assertEquals(Optional.of(9), Signals.parse("SIGKILL"));
        assertEquals(Optional.of(15), Signals.parse("sigterm"));
        assertEquals(Optional.of(10), Signals.parse("USR1"));
        assertEquals(Optional.of(0), Signals.parse("0"));
        assertEquals(Optional.of(34), Signals.parse("RTMIN"));
        assertEquals(Optional.of(37), Signals.parse("SIGRTMIN+3"));
        assertEquals(Optional.of(62), Signals.parse("RTMAX-2"));
    }

    @Test
    void nonsenseIsEmpty() {
        for (String s : new String[] {"", "NOPE", "65", "-1", "SIG", "99999999999", "RTMIN+40"}) {
            assertEquals(Optional.empty(), Signals.parse(s), s);
        }
    }
}
