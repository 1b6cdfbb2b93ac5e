package io.minicontainer.oci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minicontainer.diag.RuntimeFailure;
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

    /**
     * The hook's background child is orphaned at once (its subshell exits), so it is no descendant of
     * the hook any more: only killing the hook's process group reaches it.
     */
    @Test
    void aTimeoutKillsTheHooksWholeProcessGroup() throws Exception {
        String token = Integer.toString(5_000_000 + java.util.concurrent.ThreadLocalRandom.current().nextInt(1_000_000));
        Spec.Hook hook = new Spec.Hook("/bin/sh", List.of("sh", "-c", "(sleep " + token + " &); sleep " + token), null, 1);
        assertThrows(RuntimeFailure.class, () -> HookRunner.run("prestart", 0, hook, "{}"));
        Thread.sleep(200);
        assertEquals(List.of(), sleepers(token), "processes of the hook still running after its timeout");
    }

    @Test
    void aHookThatLeavesProcessesBehindIsReported() throws Exception {
        String token = Integer.toString(6_000_000 + java.util.concurrent.ThreadLocalRandom.current().nextInt(1_000_000));
        Spec.Hook hook = new Spec.Hook("/bin/sh", List.of("sh", "-c", "(sleep " + token + " >/dev/null 2>&1 &); exit 0"), null, 5);
        try {
            List<String> warnings = HookRunner.runAllCollecting("poststart", List.of(hook), "{}");
            assertEquals(1, warnings.size(), warnings.toString());
            assertTrue(warnings.get(0).contains("hooks.poststart[0] /bin/sh exited but left processes running")
                    && warnings.get(0).contains("(sleep)"), warnings.get(0));
        } finally {
            for (long pid : sleepers(token)) ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    private static List<Long> sleepers(String token) {
        return ProcessHandle.allProcesses()
                .filter(h -> h.info().arguments().map(a -> List.of(a).contains(token)).orElse(false))
                .filter(ProcessHandle::isAlive).map(ProcessHandle::pid).toList();
    }
}
