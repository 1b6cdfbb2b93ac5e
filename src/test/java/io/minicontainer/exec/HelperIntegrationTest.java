package io.minicontainer.exec;

import io.minicontainer.exec.Report.Type;
import io.minicontainer.plan.NativeStep;
import io.minicontainer.plan.NativeStep.Mount;
import io.minicontainer.testing.BusyboxRootfs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import java.io.FileInputStream;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Real containers through hand-built step lists. Runs as root; nothing here is skipped. */
class HelperIntegrationTest {
    static final long CLONE_NEWNS = 0x00020000L, CLONE_NEWUTS = 0x04000000L, CLONE_NEWPID = 0x20000000L;
    static final long MS_RDONLY = 1, MS_NOSUID = 2, MS_NODEV = 4, MS_NOEXEC = 8, MS_BIND = 4096,
            MS_REC = 16384, MS_PRIVATE = 1L << 18;
    /** Plan indexes start here so a report that names a list position instead would be caught. */
    static final int BASE = 100;
    static final List<String> NONE = List.of();

    Path work;
    Path socketDir; // under /tmp: sun_path is only 108 bytes
    Path rootfs;
    final List<Long> containerPids = new ArrayList<>();
    final List<HelperSession> sessions = new ArrayList<>();

    @BeforeEach
    void setUp(TestInfo info) throws IOException {
        assertEquals("root", System.getProperty("user.name"), "these tests create namespaces and must run as root");
        rootfs = BusyboxRootfs.path();
        work = BusyboxRootfs.targetDir().resolve("test-work/" + info.getTestMethod().orElseThrow().getName());
        BusyboxRootfs.deleteTree(work);
        Files.createDirectories(work);
        socketDir = Files.createTempDirectory(Path.of("/tmp"), "mc-sock-");
    }

    /** No process may outlive a test; the mount namespaces die with them. */
    @AfterEach
    void killStragglers() throws IOException {
        for (HelperSession s : sessions) {
            s.process().destroyForcibly();
            s.close();
        }
        for (long pid : containerPids) ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        BusyboxRootfs.deleteTree(socketDir);
    }

    // ---------------------------------------------------------------- step builders

    static NativeStep cloneWith(long flags) { return new NativeStep.Clone(flags, "", 0, NONE); }

    static NativeStep mount(String source, String target, String fstype, long flags, String root, int opts) {
        return new Mount(source, target, fstype, flags, null, root, opts, "", NONE);
    }

    /** Private propagation, rootfs bind-mounted on itself, optional fresh /proc, pivot_root. */
    static List<NativeStep> enterRootfs(Path rootfs, boolean withProc) {
        List<NativeStep> steps = new ArrayList<>();
        steps.add(mount(null, "/", null, MS_REC | MS_PRIVATE, null, 0));
        steps.add(mount(rootfs.toString(), rootfs.toString(), null, MS_BIND | MS_REC, null, 0));
        if (withProc)
            steps.add(mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, rootfs.toString(),
                    Mount.TARGET_IN_ROOT | Mount.MKDIR));
        steps.add(new NativeStep.PivotRoot(rootfs.toString(), NONE));
        return steps;
    }

    static NativeStep exec(String... argv) {
        String prog = argv[0].startsWith("/") ? argv[0] : "/bin/" + argv[0];
        return new NativeStep.Exec(List.of(argv), List.of("PATH=/bin", "HOME=/root"), List.of(prog), NONE);
    }

    @SafeVarargs
    static List<NativeStep> concat(List<NativeStep>... parts) {
        List<NativeStep> all = new ArrayList<>();
        for (List<NativeStep> p : parts) all.addAll(p);
        return all;
    }

    // ---------------------------------------------------------------- running

    Path stdoutFile() { return work.resolve("stdout"); }

    String stdout() throws IOException { return Files.readString(stdoutFile()); }

    HelperSession start(List<NativeStep> steps, int mode) throws IOException {
        List<IndexedStep> indexed = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) indexed.add(new IndexedStep(BASE + i, steps.get(i)));
        HelperSession s = HelperSession.builder(socketDir)
                .stdin(Redirect.from(Path.of("/dev/null").toFile()))
                .stdout(Redirect.to(stdoutFile().toFile()))
                .stderr(Redirect.to(work.resolve("stderr").toFile()))
                .start(StepEncoder.encode(indexed, mode));
        sessions.add(s);
        return s;
    }

    Report next(HelperSession s) throws IOException {
        Report r = s.next();
        if (r.type() == Type.PID) containerPids.add((long) r.pid());
        return r;
    }

    record Outcome(List<Report> reports, int helperExit) {
        List<Type> types() { return reports.stream().map(Report::type).toList(); }

        Report first(Type t) {
            return reports.stream().filter(r -> r.type() == t).findFirst()
                    .orElseThrow(() -> new AssertionError("no " + t + " in " + reports));
        }
    }

    Outcome runToEnd(List<NativeStep> steps, int mode) throws Exception {
        HelperSession s = start(steps, mode);
        List<Report> reports = new ArrayList<>();
        for (Report r = next(s); !r.isEof(); r = next(s)) reports.add(r);
        int exit = s.waitFor(Duration.ofSeconds(10));
        return new Outcome(reports, exit);
    }

    // ---------------------------------------------------------------- tests

    @Test
    void utsNamespaceHostnameIsSeenByTheContainer() throws Exception {
        Outcome o = runToEnd(concat(
                List.of(cloneWith(CLONE_NEWNS | CLONE_NEWUTS)),
                enterRootfs(rootfs, false),
                List.of(new NativeStep.SetHostname("mc-test-host", NONE), exec("hostname"))), 0);

        assertEquals(List.of(Type.PID, Type.EXECED, Type.EXIT), o.types(), o.reports().toString());
        assertTrue(o.first(Type.EXIT).exited());
        assertEquals(0, o.first(Type.EXIT).exitCode());
        assertEquals(0, o.helperExit());
        assertEquals("mc-test-host\n", stdout());
    }

    @Test
    void pidNamespaceMakesTheContainerPid1() throws Exception {
        Outcome o = runToEnd(concat(
                List.of(cloneWith(CLONE_NEWNS | CLONE_NEWPID)),
                enterRootfs(rootfs, true),
                List.of(exec("sh", "-c", "echo $$"))), 0);

        assertEquals(List.of(Type.PID, Type.EXECED, Type.EXIT), o.types(), o.reports().toString());
        assertEquals("1\n", stdout());
    }

    @Test
    void failingChdirReportsItsPlanIndexAndEnoent() throws Exception {
        List<NativeStep> steps = concat(
                List.of(cloneWith(CLONE_NEWNS)),
                enterRootfs(rootfs, false),
                List.of(new NativeStep.Chdir("/no/such/dir", NONE), exec("true")));
        Outcome o = runToEnd(steps, 0);

        assertEquals(List.of(Type.PID, Type.ERROR), o.types(), o.reports().toString());
        Report err = o.first(Type.ERROR);
        assertEquals(BASE + steps.size() - 2, err.planIndex());
        assertEquals(Errno.ENOENT, err.errno());
        assertEquals(1, o.helperExit());
    }

    @Test
    void execOfAMissingProgramReportsEnoent() throws Exception {
        List<NativeStep> steps = concat(
                List.of(cloneWith(CLONE_NEWNS)),
                enterRootfs(rootfs, false),
                List.of(exec("/bin/no-such-program")));
        Outcome o = runToEnd(steps, 0);

        assertEquals(List.of(Type.PID, Type.ERROR), o.types(), o.reports().toString());
        assertEquals(BASE + steps.size() - 1, o.first(Type.ERROR).planIndex());
        assertEquals(Errno.ENOENT, o.first(Type.ERROR).errno());
        assertEquals(1, o.helperExit());
    }

    @Test
    void traceReportsEveryStepOnceInOrder() throws Exception {
        Path fifo = work.resolve("unused.fifo");
        List<NativeStep> steps = concat(
                List.of(new NativeStep.MakeFifo(fifo.toString(), 0600, NONE), cloneWith(CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWPID)),
                enterRootfs(rootfs, true),
                List.of(new NativeStep.SetHostname("traced", NONE), new NativeStep.Umask(022, NONE),
                        new NativeStep.Chdir("/tmp", NONE), new NativeStep.NoNewPrivileges(NONE), exec("true")));
        Outcome o = runToEnd(steps, StepEncoder.TRACE);

        List<Integer> traced = o.reports().stream().filter(r -> r.type() == Type.STEP).map(Report::planIndex).toList();
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) expected.add(BASE + i);
        assertEquals(expected, traced, o.reports().toString());
        assertTrue(o.reports().stream().filter(r -> r.type() == Type.STEP).allMatch(r -> r.micros() >= 0));
        assertEquals(Type.EXIT, o.reports().get(o.reports().size() - 1).type());
        for (Report r : o.reports())
            System.out.println("trace: " + r + (r.type() == Type.STEP ? " " + steps.get(r.planIndex() - BASE).kind() : ""));
    }

    @Test
    void awaitStartInDetachModeLeavesAReadyContainerThatStartReleases() throws Exception {
        Path fifo = work.resolve("exec.fifo");
        HelperSession s = start(concat(
                List.of(new NativeStep.MakeFifo(fifo.toString(), 0600, NONE), cloneWith(CLONE_NEWNS | CLONE_NEWUTS)),
                List.of(new NativeStep.AwaitStart(fifo.toString(), NONE)), // before pivot_root: the fifo is a host path
                enterRootfs(rootfs, false),
                List.of(exec("sh", "-c", "echo started $(hostname)"))), StepEncoder.DETACH);

        Report pid = next(s);
        assertEquals(Type.PID, pid.type());
        assertEquals(Type.READY, next(s).type());
        assertTrue(next(s).isEof());
        assertEquals(0, s.waitFor(Duration.ofSeconds(5)), "detached helper exits 0 after READY");

        String state = processState(pid.pid());
        assertTrue(state.equals("S") || state.equals("D"), "container must wait alive in AWAIT_START, state " + state);
        assertEquals("", stdout(), "nothing may run before start");

        try (FileInputStream start = new FileInputStream(fifo.toFile())) {
            assertEquals('0', start.read());
        }
        waitUntilGone(pid.pid(), Duration.ofSeconds(5));
        assertTrue(stdout().startsWith("started "), stdout());
    }

    @Test
    void sendSignalReachesTheContainerAndExitReportsIt() throws Exception {
        HelperSession s = start(concat(
                List.of(cloneWith(CLONE_NEWNS | CLONE_NEWUTS)),
                enterRootfs(rootfs, false),
                List.of(exec("sleep", "30"))), 0);
        assertEquals(Type.PID, next(s).type());
        assertEquals(Type.EXECED, next(s).type());

        long rssKb = vmRssKb(s.helperPid());
        System.out.println("mc-helper VmRSS while the container runs: " + rssKb + " kB");
        assertTrue(rssKb < 3072, "helper must stay small, VmRSS " + rssKb + " kB");

        s.sendSignal(15);
        Report exit = next(s);
        assertEquals(Type.EXIT, exit.type(), exit.toString());
        assertFalse(exit.exited());
        assertEquals(15, exit.termSignal());
        assertTrue(next(s).isEof());
        assertEquals(0, s.waitFor(Duration.ofSeconds(5)));
    }

    @Test
    void signalsToTheHelperAreForwarded() throws Exception {
        HelperSession s = start(concat(
                List.of(cloneWith(CLONE_NEWNS)),
                enterRootfs(rootfs, false),
                List.of(exec("sleep", "30"))), 0);
        assertEquals(Type.PID, next(s).type());
        assertEquals(Type.EXECED, next(s).type());

        s.process().toHandle().destroy(); // SIGTERM to the helper itself
        Report exit = next(s);
        assertEquals(Type.EXIT, exit.type(), exit.toString());
        assertEquals(15, exit.termSignal());
        assertEquals(0, s.waitFor(Duration.ofSeconds(5)));
    }

    @Test
    void absoluteSymlinkInRootfsCannotLeadAMountOntoTheHost() throws Exception {
        Path evil = work.resolve("evil-rootfs");
        Files.createDirectories(evil);
        Files.createSymbolicLink(evil.resolve("etc"), Path.of("/host-escape"));
        Files.createSymbolicLink(evil.resolve("up"), Path.of("../../../../../../host-escape2"));
        assertFalse(Files.exists(Path.of("/host-escape")), "precondition: /host-escape must not exist on the host");
        assertFalse(Files.exists(Path.of("/host-escape2")), "precondition: /host-escape2 must not exist on the host");
        try {
            Outcome o = runToEnd(List.of(
                    cloneWith(CLONE_NEWNS),
                    mount(null, "/", null, MS_REC | MS_PRIVATE, null, 0),
                    mount("tmpfs", "/etc/x", "tmpfs", 0, evil.toString(), Mount.TARGET_IN_ROOT | Mount.MKDIR),
                    mount("tmpfs", "/up/y/z", "tmpfs", 0, evil.toString(), Mount.TARGET_IN_ROOT | Mount.MKDIR),
                    exec("/bin/busybox", "cat", "/proc/self/mountinfo")), 0);

            assertEquals(List.of(Type.PID, Type.EXECED, Type.EXIT), o.types(), o.reports().toString());
            List<String> mountPoints = stdout().lines().map(l -> l.split(" ")[4]).toList();
            assertTrue(mountPoints.contains(evil.resolve("host-escape/x").toString()), mountPoints.toString());
            assertTrue(mountPoints.contains(evil.resolve("host-escape2/y/z").toString()), mountPoints.toString());
            assertFalse(Files.exists(Path.of("/host-escape")), "a mount step created /host-escape on the host");
            assertFalse(Files.exists(Path.of("/host-escape2")), "a mount step created /host-escape2 on the host");
        } finally {
            Files.deleteIfExists(Path.of("/host-escape/x")); // only if the defence failed
            Files.deleteIfExists(Path.of("/host-escape"));
            BusyboxRootfs.deleteTree(Path.of("/host-escape2"));
        }
    }

    @Test
    void containerSeesOnlyItsStdioFds() throws Exception {
        Outcome o = runToEnd(concat(
                List.of(cloneWith(CLONE_NEWNS | CLONE_NEWPID)),
                enterRootfs(rootfs, true),
                List.of(exec("ls", "/proc/self/fd"))), 0);

        assertEquals(List.of(Type.PID, Type.EXECED, Type.EXIT), o.types(), o.reports().toString());
        Set<String> fds = new TreeSet<>(stdout().lines().toList());
        // 0,1,2 and the directory fd ls itself opened to list /proc/self/fd.
        assertEquals(Set.of("0", "1", "2", "3"), fds, stdout());
    }

    @Test
    void setTidGivesTheRequestedHostPid() throws Exception {
        int wanted = freePid(20000);
        Outcome o = runToEnd(concat(
                List.of(new NativeStep.Clone(CLONE_NEWNS | CLONE_NEWPID, "CLONE_NEWNS|CLONE_NEWPID", wanted, NONE)),
                enterRootfs(rootfs, true),
                List.of(exec("sh", "-c", "echo $$"))), 0);

        assertEquals(List.of(Type.PID, Type.EXECED, Type.EXIT), o.types(), o.reports().toString());
        assertEquals(wanted, o.first(Type.PID).pid());
        assertEquals("1\n", stdout());
    }

    @Test
    void malformedPlanIsAProtocolError() throws Exception {
        byte[] plan = StepEncoder.encodeInOrder(List.of(cloneWith(0), exec("true")), 0);
        plan[0] ^= 1; // break the magic
        HelperSession s = HelperSession.builder(socketDir)
                .stdin(Redirect.from(Path.of("/dev/null").toFile()))
                .stdout(Redirect.to(stdoutFile().toFile()))
                .stderr(Redirect.to(work.resolve("stderr").toFile()))
                .start(plan);
        sessions.add(s);
        Report r = s.next();
        assertEquals(Type.PROTOCOL_ERROR, r.type());
        assertEquals(2, r.a(), "code 2 = bad magic");
        assertTrue(s.next().isEof());
        assertEquals(2, s.waitFor(Duration.ofSeconds(5)));
    }

    @Test
    void startToExecTiming() throws Exception {
        List<NativeStep> steps = concat(
                List.of(cloneWith(CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWPID)),
                enterRootfs(rootfs, true),
                List.of(new NativeStep.SetHostname("t", NONE), exec("true")));
        long[] micros = new long[30];
        for (int i = 0; i < micros.length; i++) {
            long t0 = System.nanoTime();
            HelperSession s = start(steps, 0);
            Report r;
            while ((r = next(s)).type() != Type.EXECED)
                if (r.isEof() || r.type() == Type.ERROR) fail("run " + i + ": " + r);
            micros[i] = (System.nanoTime() - t0) / 1000;
            while (!next(s).isEof()) { /* EXIT */ }
            s.waitFor();
            s.close();
        }
        Arrays.sort(micros);
        System.out.printf("start->EXECED (ProcessBuilder start .. EXECED report), 30 runs: min %d us, median %d us, max %d us%n",
                micros[0], micros[micros.length / 2], micros[micros.length - 1]);
        assertTrue(micros[micros.length / 2] < 500_000, "median start->exec " + micros[micros.length / 2] + " us");
    }

    // ---------------------------------------------------------------- /proc helpers

    static String processState(int pid) throws IOException {
        Path stat = Path.of("/proc/" + pid + "/stat");
        if (!Files.exists(stat)) return "gone";
        String s = String.join(" ", Files.readAllLines(stat, StandardCharsets.US_ASCII)); // procfs: size 0, read lines
        return s.substring(s.lastIndexOf(')') + 2).split(" ")[0];
    }

    static void waitUntilGone(int pid, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            String st = processState(pid);
            if (st.equals("gone") || st.equals("Z")) return;
            Thread.sleep(10);
        }
        fail("process " + pid + " still running, state " + processState(pid));
    }

    static long vmRssKb(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status")))
            if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("[^0-9]", ""));
        throw new IOException("no VmRSS for " + pid);
    }

    static int freePid(int from) throws IOException {
        int max = Integer.parseInt(Files.readAllLines(Path.of("/proc/sys/kernel/pid_max")).get(0).strip());
        for (int pid = from; pid < max; pid++)
            if (!Files.exists(Path.of("/proc/" + pid))) return pid;
        throw new IOException("no free pid between " + from + " and " + max);
    }
}
