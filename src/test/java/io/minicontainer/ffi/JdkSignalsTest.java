package io.minicontainer.ffi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** TERM and KILL through the JDK really signal the process; everything else is left to libc. */
class JdkSignalsTest {
    private final RecordingSyscalls libc = new RecordingSyscalls(0);
    private final JdkSignals signals = new JdkSignals(libc);

    @Test
    void termAndKillReachTheProcessWithoutLibc() throws Exception {
        for (int signal : new int[] {15, 9}) {
            Process sleeper = new ProcessBuilder("sleep", "60").start();
            try {
                assertEquals(0, signals.kill((int) sleeper.pid(), signal));
                assertTrue(sleeper.waitFor(10, TimeUnit.SECONDS), "signal " + signal + " did not end the process");
                assertEquals(128 + signal, sleeper.exitValue());
            } finally {
                sleeper.destroyForcibly();
            }
        }
        assertEquals(List.of(), libc.kills);
    }

    @Test
    void aProcessThatIsGoneIsEsrch() throws Exception {
        Process done = new ProcessBuilder("true").start();
        done.waitFor();
        assertFalse(done.isAlive());
        assertEquals(3, signals.kill((int) done.pid(), 15));
        assertEquals(List.of(), libc.kills);
    }

    @Test
    void otherSignalsAndProcessGroupsGoToLibc() {
        assertEquals(0, signals.kill(12345, 10));
        assertEquals(0, signals.kill(12345, 0));
        assertEquals(0, signals.kill(-12345, 9));
        assertEquals(List.of(new RecordingSyscalls.Kill(12345, 10), new RecordingSyscalls.Kill(12345, 0),
                new RecordingSyscalls.Kill(-12345, 9)), libc.kills);
    }
}
