package io.minicontainer.oci;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minicontainer.errors.RuntimeFailure;
import io.minicontainer.spec.Spec;
import java.util.List;
import org.junit.jupiter.api.Test;

class HookRunnerTest {
    @Test
    void aHookThatNeverReadsALargeStateStillHitsItsTimeout() {
        // more than a pipe buffer (64 KiB) of state, as big annotations make it; the hook never reads stdin
        String state = "{\"annotations\":{\"big\":\"" + "x".repeat(256 * 1024) + "\"}}";
        Spec.Hook hook = new Spec.Hook("/bin/sleep", List.of("sleep", "30"), null, 1);
        long t0 = System.nanoTime();
        RuntimeFailure e = assertThrows(RuntimeFailure.class, () -> HookRunner.run("prestart", 0, hook, state));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(e.getMessage().contains("timeout"), e.getMessage());
        assertTrue(ms < 10_000, "the timeout of 1 s was not honoured: " + ms + " ms");
    }
}
