package io.minicontainer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A quick-form container is a real container: listed, state/kill/ps/exec work while it runs; every way out leaves nothing. */
class QuickVisibilityIT {
    private static QuickCli.Result verb(Path cwd, String... args) throws Exception { return QuickCli.run(cwd, args); }

    private static void awaitRunning(Path cwd, String id) throws Exception {
        long deadline = System.currentTimeMillis() + 20_000;
        while (true) {
            QuickCli.Result s = verb(cwd, "state", id);
            if (s.exit() == 0 && s.out().contains("\"running\"")) return;
            assertTrue(System.currentTimeMillis() < deadline, "never running: " + s);
            Thread.sleep(50);
        }
    }

    private static void assertNothingLeft(String id) throws Exception {
        assertFalse(Files.exists(QuickCli.stateDir().resolve(id)), "state dir of " + id + " is left");
        for (String c : List.of("memory", "pids", "cpu", "freezer", "devices")) {
            assertFalse(Files.exists(Path.of("/sys/fs/cgroup", c, "mini-container", id)), c + " cgroup of " + id + " is left");
        }
    }

    @Test
    void listedAndDrivableWhileItRunsThenGoneAfterKill() throws Exception {
        Path work = QuickCli.workDir(getClass());
        Path rootfs = QuickCli.freshRootfs(work, "rootfs");
        String id = QuickCli.uniqueId("qvis");
        try (QuickCli.Running run = QuickCli.start(work, null, "--id", id, "sleep", rootfs.toString(), "--", "300")) {
            awaitRunning(work, id);
            QuickCli.Result list = verb(work, "list");
            assertTrue(list.out().contains(id), list.toString());
            QuickCli.Result ps = verb(work, "ps", id);
            assertTrue(ps.out().contains("sleep 300"), ps.toString());
            QuickCli.Result exec = verb(work, "exec", id, "cat", "/proc/1/cmdline");
            assertEquals(0, exec.exit(), exec.toString());
            assertTrue(exec.out().startsWith("sleep"), exec.toString());
            assertEquals(0, verb(work, "kill", id, "KILL").exit()); // pid 1 of its namespace ignores an unhandled TERM
            QuickCli.Result ended = run.await();
            assertEquals(137, ended.exit(), ended.toString());
        } finally {
            verb(work, "delete", "--force", id); // only matters when an assertion failed first
        }
        assertNothingLeft(id);
    }

    @Test
    void killMinus9OfTheRuntimeThenDeleteForceLeavesNothing() throws Exception {
        Path work = QuickCli.workDir(getClass());
        Path rootfs = QuickCli.freshRootfs(work, "rootfs9");
        String id = QuickCli.uniqueId("qvis");
        try (QuickCli.Running run = QuickCli.start(work, null, "--id", id, "sleep", rootfs.toString(), "--", "300")) {
            awaitRunning(work, id);
            // the launcher execs the JVM, so this is the runtime itself
            run.process().toHandle().destroyForcibly();
            assertTrue(run.process().waitFor(10, TimeUnit.SECONDS));
            QuickCli.Result deleted = verb(work, "delete", "--force", id);
            assertEquals(0, deleted.exit(), deleted.toString());
        }
        assertNothingLeft(id);
        QuickCli.Result list = verb(work, "list");
        assertFalse(list.out().contains(id), list.toString());
    }
    /** The quick form hands its wait to mc-supervisor as run does, and keeps the JVM with --log as run does. */
    @Test
    void theQuickFormHandsItsWaitOffUnlessItLogs() throws Exception {
        Path work = QuickCli.workDir(getClass());
        Path rootfs = QuickCli.freshRootfs(work, "rootfs-handoff");
        for (boolean logged : new boolean[] {false, true}) {
            String id = QuickCli.uniqueId("qvis");
            List<String> args = new java.util.ArrayList<>();
            if (logged) args.addAll(List.of("--log", work.resolve("runtime-" + id + ".log").toString()));
            args.addAll(List.of("--id", id, "sleep", rootfs.toString(), "--", "300"));
            try (QuickCli.Running run = QuickCli.start(work, null, args.toArray(new String[0]))) {
                awaitRunning(work, id);
                boolean java = true;
                for (int i = 0; i < 200 && java; i++) { // a handoff comes right after the exec; 5 s is plenty
                    java = run.process().descendants().anyMatch(h -> h.info().command().map(c -> c.endsWith("/java")).orElse(false));
                    if (java && logged && i >= 40) break; // 1 s without a handoff: it keeps the JVM, as it must
                    if (java) Thread.sleep(25);
                }
                assertEquals(logged, java, (logged ? "with --log the JVM keeps the wait" : "without --log no JVM waits") + " (" + id + ")");
                assertEquals(0, verb(work, "kill", id, "KILL").exit());
                assertEquals(137, run.await().exit());
            } finally {
                verb(work, "delete", "--force", id);
            }
            assertNothingLeft(id);
        }
    }
}
