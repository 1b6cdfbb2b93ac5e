package io.minicontainer.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minicontainer.testing.ContainerFixture;
import io.minicontainer.testing.ContainerFixture.Result;
import io.minicontainer.testing.HostState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A foreground `run` hands its wait to mc-supervisor once the container runs (docs/PROTOCOL.md, "The
 * supervisor"): no JVM stays for the container's life, and everything the caller sees stays as it was.
 */
class HandoffIT {
    /** Issue 11: a waiting foreground run costs at most this much private memory (runc: ~2 MiB). */
    private static final long GOAL_KIB = 16 * 1024;

    @Test
    void aWaitingRunHasNoJvmAndStaysUnderTheMemoryGoal() throws Exception {
        try (ContainerFixture c = ContainerFixture.create()) {
            Result r = c.runPaused("true", "exit 3", launcher -> {
                List<ProcessHandle> tree = awaitHandoff(launcher);
                long privateKib = 0;
                for (ProcessHandle p : tree) {
                    if (isContainer(p, launcher)) continue;
                    privateKib += privateDirtyKib(p.pid());
                }
                assertTrue(privateKib <= GOAL_KIB, "supervisor + helper: " + privateKib + " KiB private dirty, goal " + GOAL_KIB + "\n" + describe(tree));
            });
            assertEquals(3, r.exitCode(), r.dump());
            assertEquals("", r.stderr(), r.dump());
            c.assertNothingLeft();
        }
    }

    @Test
    void signalsStatusAndOomMessageAfterTheHandoff() throws Exception {
        try (ContainerFixture c = ContainerFixture.create()) {
            Path shared = c.scratch("shared");
            c.mount("/shared", "bind", shared.toString(), "bind");
            c.shell("trap 'echo TERM > /shared/got; exit 7' TERM; touch /shared/ready; while :; do sleep 0.05; done");
            Process p = c.start(List.of("run", "--id", c.id(), c.bundle().toString()));
            ContainerFixture.awaitFile(shared.resolve("ready"), p);
            awaitHandoff(p);
            HostState.sh("kill -TERM " + p.pid());
            Result r = c.result(p);
            assertEquals(7, r.exitCode(), "the container's trap decides\n" + r.dump());
            assertEquals("TERM", Files.readString(shared.resolve("got")).trim());
            c.assertNothingLeft();
        }
        try (ContainerFixture c = ContainerFixture.create()) {
            long mib = 1024 * 1024;
            c.resources().putObject("memory").put("limit", 32 * mib).put("swap", 32 * mib);
            Result r = c.runPaused("true", "x=$(head -c 67108864 /dev/zero | tr '\\0' a); echo survived=${#x}", HandoffIT::awaitHandoff);
            assertEquals(137, r.exitCode(), r.dump());
            assertTrue(r.stderr().contains("OOM-killed") && r.stderr().contains("/linux/resources/memory/limit"), r.dump());
            c.assertNothingLeft();
        }
    }

    @Test
    void deleteForceOfAHandedOffRunIsToleratedBySupervisor() throws Exception {
        try (ContainerFixture c = ContainerFixture.create()) {
            Path shared = c.scratch("shared");
            c.mount("/shared", "bind", shared.toString(), "bind");
            c.shell("touch /shared/ready; while :; do sleep 0.05; done");
            Process p = c.start(List.of("run", "--id", c.id(), c.bundle().toString()));
            ContainerFixture.awaitFile(shared.resolve("ready"), p);
            awaitHandoff(p);
            Result state = c.cli(List.of("state", c.id()));
            assertTrue(state.stdout().contains("\"running\""), state.dump());
            Result deleted = c.cli(List.of("delete", "--force", c.id()));
            assertEquals(0, deleted.exitCode(), deleted.dump());
            Result r = c.result(p);
            assertEquals(128 + 9, r.exitCode(), r.dump());
            assertFalse(r.stderr().contains("cleanup"), "what delete removed first is no failure\n" + r.dump());
            c.assertNothingLeft();
        }
    }

    @Test
    void sigkillOfTheSupervisorKillsTheContainerAndDeleteForceLeavesNothing() throws Exception {
        try (ContainerFixture c = ContainerFixture.create()) {
            Path shared = c.scratch("shared");
            c.mount("/shared", "bind", shared.toString(), "bind");
            c.shell("touch /shared/ready; while :; do sleep 0.05; done");
            Process p = c.start(List.of("run", "--id", c.id(), c.bundle().toString()));
            ContainerFixture.awaitFile(shared.resolve("ready"), p);
            List<ProcessHandle> tree = awaitHandoff(p);
            List<ProcessHandle> container = tree.stream().filter(h -> isContainer(h, p)).toList();
            assertFalse(container.isEmpty(), describe(tree));
            p.destroyForcibly();
            assertTrue(p.waitFor(10, TimeUnit.SECONDS));
            for (ProcessHandle h : tree) awaitGone(h);
            Result deleted = c.cli(List.of("delete", "--force", c.id()));
            assertEquals(0, deleted.exitCode(), deleted.dump());
            c.assertNothingLeft();
        }
    }

    @Test
    void poststopHooksKeepTheWaitInJava() throws Exception {
        try (ContainerFixture c = ContainerFixture.create()) {
            Path marker = c.scratch("hook").resolve("ran");
            c.config().withObject("/hooks").putArray("poststop").addObject().put("path", "/bin/sh")
                    .putArray("args").add("sh").add("-c").add("touch " + marker);
            Result r = c.runPaused("true", "exit 4", launcher -> {
                Thread.sleep(500); // time enough for a handoff that must not happen
                assertTrue(tree(launcher).stream().anyMatch(HandoffIT::isJava), "the JVM waits: poststop runs in Java\n" + describe(tree(launcher)));
            });
            assertEquals(4, r.exitCode(), r.dump());
            assertTrue(Files.exists(marker), "poststop ran");
            c.assertNothingLeft();
        }
    }

    /** Waits until the runtime's tree (the launcher process and its descendants) holds no java; returns it. */
    static List<ProcessHandle> awaitHandoff(Process launcher) throws InterruptedException {
        for (int i = 0; i < 400; i++) {
            List<ProcessHandle> tree = tree(launcher);
            // the JVM gone and reaped (a zombie has no command to tell): the supervisor's one child is the helper
            if (tree.stream().noneMatch(HandoffIT::isJava) && launcher.toHandle().children().count() == 1 && tree.size() >= 3) return tree;
            if (!launcher.isAlive()) throw new AssertionError("the run ended before the handoff");
            Thread.sleep(25);
        }
        throw new AssertionError("still a JVM in the waiting run's tree after 10 s:\n" + describe(tree(launcher)));
    }

    static List<ProcessHandle> tree(Process launcher) {
        List<ProcessHandle> all = new ArrayList<>();
        all.add(launcher.toHandle());
        launcher.toHandle().descendants().forEach(all::add);
        return all;
    }

    static boolean isJava(ProcessHandle h) {
        return h.info().command().map(cmd -> cmd.endsWith("/java")).orElse(false);
    }

    /** The container's processes: below the helper, the launcher's grandchildren and deeper. */
    static boolean isContainer(ProcessHandle h, Process launcher) {
        return h.pid() != launcher.pid() && h.parent().map(ProcessHandle::pid).orElse(-1L) != launcher.pid();
    }

    /** A process that exited between listing the tree and reading it holds no memory any more: 0. */
    static long privateDirtyKib(long pid) throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(Path.of("/proc/" + pid + "/smaps_rollup"));
        } catch (java.nio.file.FileSystemException gone) { // ENOENT, or ESRCH while it is being reaped
            return 0;
        }
        if (lines.isEmpty()) return 0; // a zombie's smaps_rollup is empty
        for (String line : lines) {
            if (line.startsWith("Private_Dirty:")) return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
        throw new AssertionError("no Private_Dirty for " + pid);
    }

    static void awaitGone(ProcessHandle h) throws InterruptedException {
        for (int i = 0; i < 400 && h.isAlive(); i++) Thread.sleep(25);
        assertFalse(h.isAlive(), "pid " + h.pid() + " outlived its SIGKILLed run");
    }

    static String describe(List<ProcessHandle> tree) {
        StringBuilder sb = new StringBuilder();
        for (ProcessHandle h : tree) {
            sb.append(h.pid()).append(" <- ").append(h.parent().map(ProcessHandle::pid).orElse(-1L)).append(' ')
                    .append(h.info().commandLine().orElse("?")).append('\n');
        }
        return sb.toString();
    }
}
