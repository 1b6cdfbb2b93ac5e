package io.minicontainer.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minicontainer.plan.HostStep;
import io.minicontainer.plan.Plan;
import io.minicontainer.plan.Step;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real mc-supervisor binary, root-free: a shell script stands in for the JVM (it gets
 * -Dmc.supervisor=PID:FD first, as java does) and a background subshell for the helper. Plain
 * directories stand in for cgroups (no cgroup.procs: as if `delete --force` had emptied them).
 */
class SupervisorTest {
    /**
     * $2 = what the stand-in JVM does: exit N | kill | handoff STATUS DATA [TRAILING] | partial DATA | trap-then-exit N
     * | orphan-handoff DATA PIDFILE | oversize DATA | sigign (prints its SigIgn mask)
 * | hold-then-handoff STATUS DATA (waits for a TERM it does not relay, then hands off as handoff does).
     * handoff writes its data in one write(2), as Java does (a pipe takes up to 4 KiB at once); TRAILING is
     * written after the commit. orphan-handoff names pid 1 as the helper and leaves a daemon re-parented to the
     * supervisor (its pid in PIDFILE), as a daemonising hook would. oversize sends a record over the supervisor's
     * 1 MiB, then exits 7 as a JVM whose write failed and that kept the wait.
     * After its commit it sleeps: the supervisor SIGKILLs a JVM that committed, and must not wait for it.
     */
    private static final String FAKE_JVM = """
            #!/bin/bash
            fd=${1##*:}
            le32() { printf "\\\\x$(printf %02x "$1")\\\\x00\\\\x00\\\\x00"; }
            helper() { # a stand-in helper: outlives this "JVM", holds none of its fds, exits with $1 (TERM: 9)
              # returns once its trap is set: a TERM sent right after the commit killed it before (exit 143, not 9)
              ( eval "exec $fd>&-"; trap 'exit 9' TERM; : > "$0.h$$"; sleep 1.5 & wait $!; exit "$1" ) &
              h=$!
              while [ ! -e "$0.h$$" ]; do sleep 0.01; done; rm -f "$0.h$$"
            }
            case "$2" in
              exit) exit "$3" ;;
              kill) kill -KILL $$ ;;
              trap-then-exit) trap "exit $3" TERM; echo ready; sleep 5 & wait $!; exit 1 ;;
              handoff) helper "$3"; echo "handed $$"; { printf H; le32 ${#h}; printf %s "$h"; cat "$4"; printf %s "$5"; } > "$0.$$"
                cat "$0.$$" > /dev/fd/$fd; rm -f "$0.$$"; sleep 5 ;;
              orphan-handoff) ( sleep 30 & echo $! > "$4" ); { printf H; le32 1; printf 1; cat "$3"; } > "$0.$$"
                cat "$0.$$" > /dev/fd/$fd; rm -f "$0.$$"; sleep 5 ;;
              oversize) helper 3; { printf H; le32 ${#h}; printf %s "$h"; printf C; le32 2097152; head -c 2097152 /dev/zero; cat "$3"; } > /dev/fd/$fd
                exit 7 ;;
              hold-then-handoff) got=; trap 'got=1' TERM; echo ready; while [ -z "$got" ]; do sleep 0.05; done
                helper "$3"; { printf H; le32 ${#h}; printf %s "$h"; cat "$4"; } > /dev/fd/$fd; sleep 5 ;;
              sigign) exec grep '^SigIgn:' /proc/self/status ;; # exec: what a program started here gets, not bash's own
              partial) helper 3; { printf H; le32 ${#h}; printf %s "$h"; head -c -5 "$3"; } > /dev/fd/$fd; exit 6 ;;
            esac
            """;

    record Result(int exit, String stdout, String stderr) {}

    static Path supervisor() { return HelperSession.locateHelper().resolveSibling("mc-supervisor"); }

    static Process start(Path tmp, String... args) throws IOException {
        Path jvm = tmp.resolve("fake-java");
        if (!Files.exists(jvm)) {
            Files.writeString(jvm, FAKE_JVM);
            Files.setPosixFilePermissions(jvm, PosixFilePermissions.fromString("rwx------"));
        }
        List<String> cmd = new ArrayList<>(List.of(supervisor().toString(), jvm.toString()));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectOutput(tmp.resolve("out").toFile()).redirectError(tmp.resolve("err").toFile()).start();
    }

    /** As {@link #start}, with the forwarded signals ignored by the caller, as a script's background job has INT. */
    static Process startIgnoringSignals(Path tmp, boolean supervised, String... args) throws IOException {
        Process writer = start(tmp, "exit", "0"); // writes the stand-in JVM
        try {
            finish(tmp, writer);
        } catch (Exception e) {
            throw new IOException(e);
        }
        List<String> cmd = new ArrayList<>(List.of("bash", "-c", "trap '' INT TERM HUP QUIT USR1 USR2; exec \"$@\"", "bash"));
        if (supervised) cmd.add(supervisor().toString());
        cmd.add(tmp.resolve("fake-java").toString());
        if (!supervised) cmd.add("-Dmc.supervisor=0:9");
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectOutput(tmp.resolve("out").toFile()).redirectError(tmp.resolve("err").toFile()).start();
    }

    /** HUP INT QUIT USR1 USR2 TERM as a SigIgn mask (bit N-1 for signal N). */
    static final long FORWARDED_MASK = 1L << 0 | 1L << 1 | 1L << 2 | 1L << 9 | 1L << 11 | 1L << 14;

    static long ignoredMask(Result r) {
        String line = r.stdout().lines().filter(l -> l.startsWith("SigIgn:")).findFirst().orElseThrow(() -> new AssertionError(r));
        return Long.parseUnsignedLong(line.substring("SigIgn:".length()).strip(), 16);
    }

    static Result finish(Path tmp, Process p) throws Exception {
        assertTrue(p.waitFor(20, TimeUnit.SECONDS), "the supervisor must exit");
        return new Result(p.exitValue(), Files.readString(tmp.resolve("out")), Files.readString(tmp.resolve("err")));
    }

    static Result run(Path tmp, String... args) throws Exception { return finish(tmp, start(tmp, args)); }

    /** A state dir with a symlink to a file outside and a subdirectory, as a hostile or odd state could hold. */
    static Path stateDir(Path tmp, Path outside) throws IOException {
        Path root = Files.createDirectories(tmp.resolve("root"));
        Path dir = Files.createDirectories(root.resolve("c1"));
        Files.writeString(dir.resolve("state.json"), "{}");
        Files.createSymbolicLink(dir.resolve("link"), outside);
        Files.createDirectories(dir.resolve("sub/deeper"));
        Files.createSymbolicLink(dir.resolve("sub/dirlink"), outside.getParent());
        return dir;
    }

    static Path data(Path tmp, Plan plan, Path state, Path lock) throws IOException {
        return Files.write(tmp.resolve("data"), HandoffData.encode(plan, 0, state, lock).committed(""));
    }

    static Plan plan(Path... cgroups) {
        List<HostStep.CgroupRemove> cleanup = new ArrayList<>();
        for (Path c : cgroups) cleanup.add(new HostStep.CgroupRemove(c.toString(), List.of("/linux/resources/pids/limit")));
        return new Plan("c1", "/rootfs", List.<Step>of(), cleanup);
    }

    @Test
    void withoutAHandoffTheJvmsStatusIsMirrored(@TempDir Path tmp) throws Exception {
        assertEquals(5, run(tmp, "exit", "5").exit());
        assertEquals(128 + 9, run(tmp, "kill").exit(), "a JVM killed by a signal: 128 + signal, as a shell says");
    }

    @Test
    void handoffRunsTheCleanupAndExitsWithTheHelpersStatus(@TempDir Path tmp) throws Exception {
        Path outside = Files.writeString(Files.createDirectories(tmp.resolve("outside")).resolve("precious"), "keep me");
        Path state = stateDir(tmp, outside);
        Path lock = Files.writeString(state.getParent().resolve(".c1.lock"), "");
        Path cgroup = Files.createDirectories(tmp.resolve("cg/pids/c1"));
        Path gone = tmp.resolve("cg/memory/c1"); // removed by `delete --force` already: tolerated
        long t0 = System.nanoTime();
        Result r = run(tmp, "handoff", "42", data(tmp, plan(cgroup, gone), state, lock).toString());
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0);
        assertEquals(42, r.exit(), r.toString());
        assertTrue(seconds < 4, "the JVM that committed is SIGKILLed, not waited for (it sleeps 5 s): took " + seconds + " s");
        assertTrue(r.stdout().matches("handed \\d+\n"), r.stdout());
        assertEquals("", r.stderr(), "a clean exit prints nothing");
        assertFalse(Files.exists(state), "the state dir is removed");
        assertFalse(Files.exists(lock), "the lock file is forgotten once the state is gone");
        assertFalse(Files.exists(cgroup), "the container's cgroups are removed");
        assertEquals("keep me", Files.readString(outside), "no symlink in the state dir is followed");
        assertTrue(Files.isDirectory(outside.getParent()));
    }

    @Test
    void aCleanupFailureIsReportedAsJavaReportsItAndTheStateStays(@TempDir Path tmp) throws Exception {
        Path state = stateDir(tmp, Files.writeString(tmp.resolve("x"), ""));
        Path busy = Files.createDirectories(tmp.resolve("cg/pids/c1"));
        Files.writeString(busy.resolve("cgroup.procs"), ""); // an empty cgroup that rmdir cannot remove: ENOTEMPTY
        Result r = run(tmp, "handoff", "0", data(tmp, plan(busy), state, null).toString());
        assertEquals(71, r.exit(), r.toString());
        assertEquals("mini-container: warning: the state of c1 is kept in " + state + ": `delete --force c1` removes what is left\n"
                + "mini-container: cleanup: remove cgroup " + busy + ": " + busy + ": Directory not empty (from /linux/resources/pids/limit)\n",
                r.stderr());
        assertTrue(Files.exists(state.resolve("state.json")), "the record stays for delete --force");
    }

    @Test
    void dataWithoutItsCommitIsNoHandoff(@TempDir Path tmp) throws Exception {
        Path state = stateDir(tmp, Files.writeString(tmp.resolve("x"), ""));
        Result r = run(tmp, "partial", data(tmp, plan(), state, null).toString());
        assertEquals(6, r.exit(), "the JVM's own status: it never handed over\n" + r);
        assertTrue(Files.exists(state), "nothing of a torn handoff is acted on");
    }

    /**
     * Bytes after the commit (in the same read) are ignored, not the commit: before, the supervisor ignored the
     * whole handoff then, though the JVM had left (it believes it handed over), and exited with the JVM's status
     * (0, after this stand-in's 5 s), leaving the state and cgroups; read in two parts, the same bytes were taken.
     */
    @Test
    void bytesAfterTheCommitDoNotUndoTheHandoff(@TempDir Path tmp) throws Exception {
        Path state = stateDir(tmp, Files.writeString(tmp.resolve("x"), ""));
        Path cgroup = Files.createDirectories(tmp.resolve("cg/pids/c1"));
        Result r = run(tmp, "handoff", "42", data(tmp, plan(cgroup), state, null).toString(), "Zjunk");
        assertEquals(42, r.exit(), "the helper's status, as without the extra bytes\n" + r);
        assertEquals("", r.stderr());
        assertFalse(Files.exists(state), "the cleanup ran");
        assertFalse(Files.exists(cgroup));
    }

    /**
     * A verb holding the id's lock (a `state` or `delete` in progress) does not keep the supervisor: after its
     * bounded wait it leaves the lock file (harmless; the next locker reuses it) and exits with the container's status.
     */
    @Test
    void aHeldLockIsLeftAloneAndDoesNotHoldTheExit(@TempDir Path tmp) throws Exception {
        Path state = stateDir(tmp, Files.writeString(tmp.resolve("x"), ""));
        Path lock = Files.writeString(state.getParent().resolve(".c1.lock"), "");
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(lock, java.nio.file.StandardOpenOption.WRITE);
             java.nio.channels.FileLock held = ch.lock()) { // fcntl, as ContainerLock: another process's lock for the supervisor
            Result r = run(tmp, "handoff", "42", data(tmp, plan(), state, lock).toString());
            assertEquals(42, r.exit(), r.toString());
            assertEquals("", r.stderr(), r.toString());
            assertFalse(Files.exists(state), "the state dir is removed (as Java's run does, without the lock)");
            assertTrue(Files.exists(lock), "a lock file someone holds is not unlinked under them");
            assertTrue(held.isValid());
        }
    }

    /**
     * Data over the supervisor's 1 MiB is not acted on: it closes the pipe, the JVM's write fails, the JVM keeps
     * the wait (Launch.handOff) and its status is the one given. Java never sends that much (HandoffData.fits).
     */
    @Test
    void dataOverTheLimitIsNoHandoffAndTheJvmsWriteFails(@TempDir Path tmp) throws Exception {
        Path state = stateDir(tmp, Files.writeString(tmp.resolve("x"), ""));
        Path cgroup = Files.createDirectories(tmp.resolve("cg/pids/c1"));
        Result r = run(tmp, "oversize", data(tmp, plan(cgroup), state, null).toString());
        assertEquals(7, r.exit(), "the JVM's own status: nothing was handed over\n" + r);
        assertTrue(Files.exists(state.resolve("state.json")), "nothing of the refused data is acted on");
        assertTrue(Files.isDirectory(cgroup));
    }

    /**
     * A cgroup.procs longer than one read: a number is taken only when its line is complete. Before, the supervisor
     * read 64 KiB once and took the cut-off start of the next pid as a pid (here "1" of 1999999999, which no process
     * can have: the refusal to kill pid 1 shows the cut; a real cut could SIGKILL some host process).
     */
    @Test
    void aPidCutByTheReadIsNeverKilled(@TempDir Path tmp) throws Exception {
        Path state = stateDir(tmp, Files.writeString(tmp.resolve("x"), ""));
        Path cgroup = Files.createDirectories(tmp.resolve("cg/pids/c1"));
        StringBuilder procs = new StringBuilder(); // a stand-in's filler: no pid (0)
        while (procs.length() < 65534) procs.append("0\n");
        procs.append("1999999999\n"); // its "1" is the 65535th byte, the last the old single read took
        Files.writeString(cgroup.resolve("cgroup.procs"), procs);
        Result r = run(tmp, "handoff", "0", data(tmp, plan(cgroup), state, null).toString());
        assertEquals(71, r.exit(), r.toString());
        assertFalse(r.stderr().contains("refusing to kill"), "no pid 1 read from a cut line\n" + r.stderr());
        // a file stays the same after SIGKILL (no such process): the whole number was read, and is reported
        assertTrue(r.stderr().contains("processes still present after SIGKILL: [1999999999] (from /linux/resources/pids/limit)"),
                r.stderr());
    }

    /**
     * A directory that lists pid 1 (a hierarchy's root named by mistake) is refused before anything in it is killed,
     * as CgroupCleaner does; before, the supervisor killed every pid listed ahead of pid 1 first.
     */
    @Test
    void aListWithPidOneIsRefusedBeforeAnyKill(@TempDir Path tmp) throws Exception {
        Path state = stateDir(tmp, Files.writeString(tmp.resolve("x"), ""));
        Path cgroup = Files.createDirectories(tmp.resolve("cg/pids/c1"));
        Process bystander = new ProcessBuilder("sleep", "60").start();
        try {
            Files.writeString(cgroup.resolve("cgroup.procs"), bystander.pid() + "\n1\n");
            Result r = run(tmp, "handoff", "0", data(tmp, plan(cgroup), state, null).toString());
            assertEquals(71, r.exit(), r.toString());
            assertTrue(r.stderr().contains("refusing to kill: this cgroup holds the runtime itself or pid 1"), r.stderr());
            assertTrue(bystander.isAlive(), "nothing listed was killed");
            assertTrue(Files.exists(state.resolve("state.json")), "the state stays for delete --force");
        } finally {
            bystander.destroyForcibly();
        }
    }

    /** Java's limits are the supervisor's: data Java accepts to send is never data the supervisor ignores. */
    @Test
    void javasLimitsAreTheSupervisors() throws IOException {
        String c = Files.readString(Path.of(System.getProperty("mc.basedir", ".")).resolve("src/main/c/mc-supervisor.c"));
        assertTrue(c.contains("#define MAX_DATA (1U << 20)") && HandoffData.MAX_BYTES == 1 << 20, "MAX_DATA");
        assertTrue(c.contains("#define MAX_RECORDS " + HandoffData.MAX_RECORDS + "\n"), "MAX_RECORDS");
    }

    /**
     * A helper pid that is not the supervisor's child is reported at once, even while a daemon re-parented to the
     * supervisor (a daemonising hook) lives: before, waitpid(-1) never said ECHILD and the supervisor waited for the
     * daemon (here 30 s, past this test's 20 s).
     */
    @Test
    void aHelperThatIsNotOurChildIsReportedWhileAnOrphanLives(@TempDir Path tmp) throws Exception {
        Path state = stateDir(tmp, Files.writeString(tmp.resolve("x"), ""));
        Path daemon = tmp.resolve("daemon.pid");
        try {
            Result r = run(tmp, "orphan-handoff", data(tmp, plan(), state, null).toString(), daemon.toString());
            assertEquals(71, r.exit(), r.toString());
            assertEquals("mini-container: the native helper 1 is not our child: the container's status is lost\n", r.stderr());
        } finally {
            if (Files.exists(daemon)) ProcessHandle.of(Long.parseLong(Files.readString(daemon).strip())).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    @Test
    void signalsGoToTheJvmBeforeAndToTheHelperAfterTheHandoff(@TempDir Path tmp) throws Exception {
        Process p = start(tmp, "trap-then-exit", "8");
        awaitOutput(tmp, "ready");
        p.toHandle().destroy(); // SIGTERM to the supervisor
        assertEquals(8, finish(tmp, p).exit(), "forwarded to the JVM, whose status is mirrored");

        Path state = stateDir(tmp, Files.writeString(tmp.resolve("y"), ""));
        p = start(tmp, "handoff", "0", data(tmp, plan(), state, null).toString());
        awaitOutput(tmp, "handed");
        // signals go to the helper from the commit on, which is also when the supervisor kills and reaps the JVM
        String handed = Files.readString(tmp.resolve("out")).lines().filter(l -> l.startsWith("handed ")).findFirst().orElseThrow();
        long jvm = Long.parseLong(handed.substring("handed ".length()));
        for (int i = 0; i < 400 && ProcessHandle.of(jvm).isPresent(); i++) Thread.sleep(25);
        assertFalse(ProcessHandle.of(jvm).isPresent(), "the stand-in JVM was reaped after its commit");
        p.toHandle().destroy();
        assertEquals(9, finish(tmp, p).exit(), "forwarded to the helper (which exits 9 on TERM)");
    }

    /**
     * A JVM started with a signal ignored skips its handler for it: what the supervisor forwarded to it before the
     * handoff was lost (ExitAndSignalsIT's INT case, about half the time when the test's own JVM ignores INT).
     */
    @Test
    void theJvmGetsTheForwardedSignalsAtTheirDefaultEvenWhenTheCallerIgnoresThem(@TempDir Path tmp) throws Exception {
        Result direct = finish(tmp, startIgnoringSignals(tmp, false, "sigign"));
        assertEquals(FORWARDED_MASK, ignoredMask(direct) & FORWARDED_MASK, "the setup makes them ignored: " + direct);
        Result supervised = finish(tmp, startIgnoringSignals(tmp, true, "sigign"));
        assertEquals(0, supervised.exit(), supervised.toString());
        assertEquals(0, ignoredMask(supervised) & FORWARDED_MASK, "none ignored in the JVM: " + supervised);
    }

    /**
     * A signal forwarded to the JVM that the JVM did not relay before its commit (it came too late: the supervisor
     * SIGKILLs a JVM that committed) goes to the helper; one the commit counts as relayed is not sent twice.
     */
    @Test
    void whatTheJvmDidNotRelayGoesToTheHelperOnce(@TempDir Path tmp) throws Exception {
        Path state = stateDir(tmp, Files.writeString(tmp.resolve("y"), ""));
        Path notRelayed = Files.write(tmp.resolve("not-relayed"), HandoffData.encode(plan(), 0, state, null).committed("2:1"));
        Process p = start(tmp, "hold-then-handoff", "0", notRelayed.toString());
        awaitOutput(tmp, "ready");
        p.toHandle().destroy(); // SIGTERM to the supervisor, forwarded to the stand-in JVM, which holds it
        assertEquals(9, finish(tmp, p).exit(), "the TERM reached the helper (which exits 9 on TERM)");

        state = stateDir(tmp.resolve("second"), Files.writeString(tmp.resolve("z"), ""));
        Path relayed = Files.write(tmp.resolve("relayed"), HandoffData.encode(plan(), 0, state, null).committed("15:1"));
        Files.delete(tmp.resolve("out"));
        p = start(tmp, "hold-then-handoff", "0", relayed.toString());
        awaitOutput(tmp, "ready");
        p.toHandle().destroy();
        assertEquals(0, finish(tmp, p).exit(), "counted as relayed by the JVM: not sent again, the helper ran to its end");
    }

    static void awaitOutput(Path tmp, String line) throws Exception {
        for (int i = 0; i < 200; i++) {
            if (Files.exists(tmp.resolve("out")) && new String(Files.readAllBytes(tmp.resolve("out")), StandardCharsets.UTF_8).contains(line)) return;
            Thread.sleep(25);
        }
        throw new AssertionError("no '" + line + "' from the stand-in JVM");
    }
}
