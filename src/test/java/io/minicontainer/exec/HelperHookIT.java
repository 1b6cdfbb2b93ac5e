package io.minicontainer.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minicontainer.exec.Report.Type;
import io.minicontainer.plan.NativeStep;
import io.minicontainer.testing.BusyboxRootfs;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/** Op 36 HOOK through hand-built step lists: the pause/resume handshake and hooks run by the child. */
class HelperHookIT {
    static final long CLONE_NEWNS = HelperIntegrationIT.CLONE_NEWNS, CLONE_NEWPID = HelperIntegrationIT.CLONE_NEWPID;
    static final int BASE = HelperIntegrationIT.BASE;
    static final List<String> NONE = List.of();

    Path work;
    Path socketDir;
    final List<HelperSession> sessions = new ArrayList<>();

    @BeforeEach
    void setUp(TestInfo info) throws IOException {
        work = BusyboxRootfs.targetDir().resolve("test-work/hooks-" + info.getTestMethod().orElseThrow().getName());
        BusyboxRootfs.deleteTree(work);
        Files.createDirectories(work);
        socketDir = Files.createTempDirectory(Path.of("/tmp"), "mc-sock-");
    }

    @AfterEach
    void killStragglers() throws IOException {
        for (HelperSession s : sessions) {
            s.process().destroyForcibly();
            s.close();
        }
        BusyboxRootfs.deleteTree(socketDir);
    }

    static NativeStep cloneWith(long flags) { return HelperIntegrationIT.cloneWith(flags); }

    /** Host programs: these plans never pivot_root. */
    static NativeStep exec(String... argv) {
        return new NativeStep.Exec(List.of(argv), List.of("PATH=/bin"), List.of(argv[0]), NONE);
    }

    Path stdoutFile() { return work.resolve("stdout"); }

    String stdout() throws IOException { return Files.readString(stdoutFile()); }

    HelperSession start(List<NativeStep> steps, int mode) throws IOException {
        List<IndexedStep> indexed = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) indexed.add(new IndexedStep(BASE + i, steps.get(i)));
        HelperSession s = HelperSession.builder(socketDir).stdin(Redirect.from(Path.of("/dev/null").toFile()))
                .stdout(Redirect.to(stdoutFile().toFile())).stderr(Redirect.to(work.resolve("stderr").toFile()))
                .start(StepEncoder.encode(indexed, mode));
        sessions.add(s);
        return s;
    }

    Report next(HelperSession s) throws IOException { return s.next(); }

    record Outcome(List<Report> reports) {
        List<Type> types() { return reports.stream().map(Report::type).toList(); }

        Report first(Type t) {
            return reports.stream().filter(r -> r.type() == t).findFirst().orElseThrow(() -> new AssertionError("no " + t + " in " + reports));
        }
    }

    Outcome runToEnd(List<NativeStep> steps, int mode) throws Exception {
        HelperSession s = start(steps, mode);
        List<Report> reports = new ArrayList<>();
        for (Report r = next(s); !r.isEof(); r = next(s)) reports.add(r);
        s.waitFor(Duration.ofSeconds(10));
        return new Outcome(reports);
    }

    static NativeStep hook(String script, int timeout) {
        return new NativeStep.ContainerHook("createContainer", 0, "/bin/sh", List.of("sh", "-c", script), List.of("K=v"), timeout,
                "created", "{\"pid\":", "}", NONE);
    }

    @Test
    void aPausedChildWaitsForResumeThenGoesOn() throws Exception {
        HelperSession s = start(List.of(cloneWith(CLONE_NEWNS), new NativeStep.HookPause(NONE), exec("/bin/echo", "resumed")), 0);
        assertEquals(Type.PID, next(s).type());
        Report paused = next(s);
        assertEquals(Type.PAUSED, paused.type(), paused.toString());
        assertEquals(BASE + 1, paused.planIndex());
        Thread.sleep(200);
        assertTrue(!Files.exists(stdoutFile()) || stdout().isEmpty(), "nothing runs while paused");
        s.resume(true);
        assertEquals(Type.EXECED, next(s).type());
        assertEquals(0, next(s).exitCode());
        assertEquals("resumed\n", stdout());
    }

    @Test
    void anAbortedPauseEndsTheChildBeforeItsProgram() throws Exception {
        HelperSession s = start(List.of(cloneWith(CLONE_NEWNS), new NativeStep.HookPause(NONE), exec("/bin/echo", "ran")), 0);
        assertEquals(Type.PID, next(s).type());
        assertEquals(Type.PAUSED, next(s).type());
        s.resume(false);
        Report end = next(s);
        assertEquals(Type.EXIT, end.type(), end.toString());
        assertTrue(!Files.exists(stdoutFile()) || stdout().isEmpty());
    }

    @Test
    void aChildHookGetsItsStateWithThePidAsTheChildSeesItAndItsEnv() throws Exception {
        List<NativeStep> steps = List.of(cloneWith(CLONE_NEWNS | CLONE_NEWPID),
                hook("echo \"$(cat) $K $0\"", 5), exec("/bin/true"));
        Outcome o = runToEnd(steps, 0);
        assertEquals(List.of(Type.PID, Type.EXECED, Type.EXIT), o.types(), o.reports().toString());
        // the hook's stdout goes to the container's stderr
        assertEquals("{\"pid\":1} v sh\n", Files.readString(work.resolve("stderr")));
    }

    @Test
    void aFailingChildHookReportsItsWaitStatus() throws Exception {
        Outcome o = runToEnd(List.of(cloneWith(CLONE_NEWNS), hook("exit 3", 5), exec("/bin/true")), 0);
        Report err = o.first(Type.ERROR);
        assertEquals(BASE + 1, err.planIndex());
        assertEquals(0, err.errno());
        assertEquals(3 << 8, err.c(), "raw wait status: exit 3");
    }

    @Test
    void aChildHookPastItsTimeoutIsKilled() throws Exception {
        long t0 = System.nanoTime();
        Outcome o = runToEnd(List.of(cloneWith(CLONE_NEWNS), hook("exec sleep 30", 1), exec("/bin/true")), 0);
        assertEquals(Errno.ETIMEDOUT, o.first(Type.ERROR).errno());
        assertTrue((System.nanoTime() - t0) / 1_000_000 < 10_000, "killed after about 1 s");
    }

    /**
     * Issue 11 (hooks killed as a whole): what a container hook started goes with it at its timeout. Before, only the
     * hook was killed and its background child lived on (here for 30 s).
     */
    @Test
    void aChildHookPastItsTimeoutIsKilledWithWhatItStarted() throws Exception {
        Path child = work.resolve("child.pid");
        Outcome o = runToEnd(List.of(cloneWith(CLONE_NEWNS), hook("sleep 30 & echo $! > " + child + "; exec sleep 30", 1),
                exec("/bin/true")), 0);
        assertEquals(Errno.ETIMEDOUT, o.first(Type.ERROR).errno());
        Path proc = Path.of("/proc/" + Files.readString(child).strip());
        try {
            for (int i = 0; i < 200 && alive(proc); i++) Thread.sleep(25);
            assertTrue(!alive(proc), "the hook's background child was killed with it");
        } finally {
            if (alive(proc)) ProcessHandle.of(Long.parseLong(proc.getFileName().toString())).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    /** A hook that exits leaving a process in its group is reported on the container's stderr, as host hooks are. */
    @Test
    void aDaemonisingChildHookIsReported() throws Exception {
        Path child = work.resolve("child.pid");
        try {
            Outcome o = runToEnd(List.of(cloneWith(CLONE_NEWNS), hook("sleep 30 > /dev/null 2>&1 & echo $! > " + child, 5),
                    exec("/bin/true")), 0);
            assertEquals(List.of(Type.PID, Type.EXECED, Type.EXIT), o.types(), o.reports().toString());
            assertEquals("mini-container: warning: hook /bin/sh exited but left processes running in its process group"
                    + " (a daemonising hook)\n", Files.readString(work.resolve("stderr")));
        } finally {
            if (Files.exists(child)) ProcessHandle.of(Long.parseLong(Files.readString(child).strip())).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    /** Gone, or a zombie of a PID 1 that never reaps. */
    private static boolean alive(Path proc) {
        try {
            String stat = Files.readString(proc.resolve("stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
        } catch (IOException gone) {
            return false;
        }
    }

    @Test
    void aChildHookThatCannotRunReportsItsErrno() throws Exception {
        NativeStep missing = new NativeStep.ContainerHook("startContainer", 0, "/no/such/hook", List.of(), List.of(), 0,
                "created", "{\"pid\":", "}", NONE);
        Outcome o = runToEnd(new ArrayList<>(List.of(cloneWith(CLONE_NEWNS), missing, exec("/bin/true"))), 0);
        assertEquals(Errno.ENOENT, o.first(Type.ERROR).errno());
    }
}
