package io.minicontainer.ffi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** kill(2) through libmc-signals.so (the build makes it beside mc-helper; the tests get -Dmc.helper): the same answers as the JDK's. */
class NativeSignalsTest {
    private final Syscalls signals = Syscalls.lazy();

    @Test
    void theBuildsLibraryIsLoaded() {
        assertTrue(NativeSignals.loaded(), "not loaded: " + NativeSignals.library());
    }

    @Test
    void anySignalReachesTheProcess() throws Exception {
        for (int signal : new int[] {15, 9, 10, 1}) {
            Process sleeper = new ProcessBuilder("sleep", "60").start();
            try {
                assertEquals(0, signals.kill((int) sleeper.pid(), 0), "signal 0: it is there");
                assertEquals(0, signals.kill((int) sleeper.pid(), signal));
                assertTrue(sleeper.waitFor(10, TimeUnit.SECONDS), "signal " + signal + " did not end the process");
                assertEquals(128 + signal, sleeper.exitValue());
            } finally {
                sleeper.destroyForcibly();
            }
        }
    }

    @Test
    void aProcessThatIsGoneIsEsrchAndABadSignalEinval() throws Exception {
        Process done = new ProcessBuilder("true").start();
        done.waitFor();
        assertFalse(done.isAlive());
        assertEquals(3, signals.kill((int) done.pid(), 15));
        Process sleeper = new ProcessBuilder("sleep", "60").start();
        try {
            assertEquals(22, signals.kill((int) sleeper.pid(), 65)); // EINVAL, as kill(2)
            assertTrue(sleeper.isAlive());
        } finally {
            sleeper.destroyForcibly();
        }
    }
}
