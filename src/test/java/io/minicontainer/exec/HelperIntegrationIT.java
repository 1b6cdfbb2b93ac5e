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
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Real containers through hand-built step lists. Runs as root; nothing here is skipped. */
class HelperIntegrationIT {
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

    static NativeStep seccomp(byte[] program) {
        return new NativeStep.Seccomp(new io.minicontainer.seccomp.Filter(program, 0, List.of(), io.minicontainer.seccomp.Action.ALLOW,
                List.of(io.minicontainer.seccomp.Arch.X86_64), List.of(), List.of(), java.util.Map.of(), java.util.Map.of()), NONE);
    }

    @Test
    void seccompLoadsTheCompiledProgramAsItIs() throws Exception {
        io.minicontainer.seccomp.Filter f = io.minicontainer.seccomp.SeccompCompiler.compile(new io.minicontainer.spec.Spec.Seccomp(
                "SCMP_ACT_ALLOW", null, null, null, List.of(new io.minicontainer.spec.Spec.SyscallRule(List.of("mkdir", "mkdirat"),
                        "SCMP_ACT_ERRNO", 13, null))));
        Outcome o = runToEnd(concat(
                List.of(cloneWith(CLONE_NEWNS | CLONE_NEWPID)),
                enterRootfs(rootfs, true),
                List.of(new NativeStep.NoNewPrivileges(NONE), new NativeStep.Seccomp(f, NONE),
                        exec("sh", "-c", "grep ^Seccomp: /proc/self/status; mkdir /tmp/mc-seccomp-denied 2>&1; echo mkdir=$?"))), 0);

        assertEquals(List.of(Type.PID, Type.EXECED, Type.EXIT), o.types(), o.reports().toString());
        // EACCES comes from the filter (errnoRet 13): root could create the directory otherwise
        assertEquals("Seccomp:\t2\nmkdir: can't create directory '/tmp/mc-seccomp-denied': Permission denied\nmkdir=1\n", stdout());
    }

    @Test
    void aSeccompProgramOfTheWrongSizeIsEinvalAtItsStep() throws Exception {
        List<NativeStep> steps = concat(List.of(cloneWith(CLONE_NEWNS)), List.of(new NativeStep.NoNewPrivileges(NONE),
                seccomp(new byte[12]), exec("true")));
        Outcome o = runToEnd(steps, 0);

        assertEquals(List.of(Type.PID, Type.ERROR), o.types(), o.reports().toString());
        assertEquals(BASE + 2, o.first(Type.ERROR).planIndex());
        assertEquals(Errno.EINVAL, o.first(Type.ERROR).errno());
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

        // READY is sent just before the blocking open of the fifo: allow it a moment to get there.
        String state = processState(pid.pid());
        for (int i = 0; i < 200 && state.equals("R"); i++, state = processState(pid.pid())) Thread.sleep(5);
        assertTrue(state.equals("S") || state.equals("D"), "container must wait alive in AWAIT_START, state " + state);
        assertEquals("", stdout(), "nothing may run before start");
        // Java already saw EOF, so the waiting child does not hold the Java socket; all it
        // keeps besides its stdio is its end of the sync channel (CLOEXEC, gone at execve).
        List<String> fds = new ArrayList<>();
        try (var dir = Files.newDirectoryStream(Path.of("/proc/" + pid.pid() + "/fd"))) {
            for (Path fd : dir) fds.add(fd.getFileName() + "->" + Files.readSymbolicLink(fd));
        }
        fds.sort(null);
        assertEquals(4, fds.size(), fds.toString());
        assertTrue(fds.get(3).matches("\\d+->socket:.*"), fds.toString());

        try (FileInputStream start = new FileInputStream(fifo.toFile())) {
            assertEquals('0', start.read());
        }
        waitUntilGone(pid.pid(), Duration.ofSeconds(5));
        assertTrue(stdout().startsWith("started "), stdout());
    }

    @Test
    void childKilledBeforeExecIsReportedAsExitWithoutExeced() throws Exception {
        Path fifo = work.resolve("exec.fifo");
        HelperSession s = start(List.of(
                new NativeStep.MakeFifo(fifo.toString(), 0600, NONE),
                cloneWith(CLONE_NEWNS),
                new NativeStep.AwaitStart(fifo.toString(), NONE),
                exec("/bin/busybox", "true")), 0); // run mode: the helper stays
        assertEquals(Type.PID, next(s).type());
        assertEquals(Type.READY, next(s).type());
        s.sendSignal(9);
        Report exit = next(s);
        assertEquals(Type.EXIT, exit.type(), "no EXECED for a child that never reached execve: " + exit);
        assertEquals(9, exit.termSignal());
        assertTrue(next(s).isEof());
        assertEquals(0, s.waitFor(Duration.ofSeconds(5)));
    }

    @Test
    void setTidWithoutPidNamespace() throws Exception {
        int wanted = freePid(21000);
        Outcome o = runToEnd(List.of(
                new NativeStep.Clone(CLONE_NEWNS, "CLONE_NEWNS", wanted, NONE),
                exec("/bin/busybox", "sh", "-c", "echo $$")), 0);
        assertEquals(wanted, o.first(Type.PID).pid());
        assertEquals(wanted + "\n", stdout());
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
    void bindRemountSymlinkAndMaskStepsUnderARoot() throws Exception {
        Path root = BusyboxRootfs.freshCopy(work.resolve("rootfs"));
        Files.createSymbolicLink(root.resolve("evil"), Path.of("/tmp")); // absolute: must mean <root>/tmp
        Files.writeString(work.resolve("hostfile"), "hello\n");
        Files.writeString(root.resolve("etc/masked-file"), "secret\n");
        Files.createDirectories(root.resolve("etc/masked-dir/inside"));
        String r = root.toString();
        long MS_REMOUNT = 32;
        List<NativeStep> steps = new ArrayList<>(List.of(
                cloneWith(CLONE_NEWNS | CLONE_NEWPID),
                mount(null, "/", null, MS_REC | MS_PRIVATE, null, 0),
                mount(r, r, null, MS_BIND | MS_REC, null, 0),
                mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, r, Mount.TARGET_IN_ROOT),
                mount(work.resolve("hostfile").toString(), "/etc/deep/file", null, MS_BIND, r,
                        Mount.TARGET_IN_ROOT | Mount.LIKE_SOURCE),
                mount(null, "/etc/deep/file", null, MS_BIND | MS_REMOUNT | MS_RDONLY, r, Mount.TARGET_IN_ROOT),
                mount("tmpfs", "/not/there", "tmpfs", 0, r, Mount.TARGET_IN_ROOT | Mount.IGNORE_MISSING),
                new NativeStep.Symlink("/bin/busybox", "/etc/deep/link", r, NONE),
                new NativeStep.Symlink("made", "/evil/made-by-symlink", r, NONE),
                new NativeStep.MaskPath(r + "/etc/masked-file", NONE), // before pivot: rootfs/dev has no null
                new NativeStep.MaskPath(r + "/etc/masked-dir", NONE),
                new NativeStep.MaskPath(r + "/etc/not-there", NONE),
                new NativeStep.PivotRoot(r, NONE),
                exec("sh", "-c", "cat /etc/deep/file; (echo x > /etc/deep/file) 2>/dev/null || echo ro-ok;"
                        + " readlink /etc/deep/link; readlink /tmp/made-by-symlink; wc -c < /etc/masked-file;"
                        + " ls /etc/masked-dir | wc -l; touch /etc/masked-dir/a 2>/dev/null || echo mask-ro")));
        Outcome o = runToEnd(steps, 0);

        assertEquals(List.of(Type.PID, Type.EXECED, Type.EXIT), o.types(), o.reports().toString());
        List<String> out = stdout().lines().map(String::strip).toList();
        assertEquals(List.of("hello", "ro-ok", "/bin/busybox", "made", "0", "0", "mask-ro"), out);
        assertTrue(Files.isRegularFile(root.resolve("etc/deep/file")), "LIKE_SOURCE made a file for a file source");
        assertFalse(Files.exists(Path.of("/tmp/made-by-symlink"), java.nio.file.LinkOption.NOFOLLOW_LINKS),
                "SYMLINK followed an absolute link out of the root");
        assertFalse(Files.exists(root.resolve("not")), "IGNORE_MISSING must not create anything");
        assertEquals("hello\n", Files.readString(work.resolve("hostfile")));
    }

    @Test
    void writeFileDomainnameSetsidAndUmask() throws Exception {
        Outcome o = runToEnd(List.of(
                cloneWith(CLONE_NEWNS | CLONE_NEWUTS),
                new NativeStep.WriteFile("/proc/self/oom_score_adj", "123", NONE),
                new NativeStep.SetDomainname("example.org", NONE),
                new NativeStep.SetSid(NONE),
                new NativeStep.Umask(027, NONE),
                exec("/bin/busybox", "sh", "-c",
                        "cat /proc/self/oom_score_adj /proc/sys/kernel/domainname; umask; [ $(cut -d' ' -f6 /proc/$$/stat) = $$ ] && echo session-leader")), 0);

        assertEquals(List.of(Type.PID, Type.EXECED, Type.EXIT), o.types(), o.reports().toString());
        assertEquals(List.of("123", "example.org", "0027", "session-leader"), stdout().lines().toList());
    }

    @Test
    void javaGoingAwayKillsTheContainerSoNoOrphanIsLeft() throws Exception {
        HelperSession s = start(List.of(
                cloneWith(CLONE_NEWNS),
                exec("/bin/busybox", "sh", "-c", "echo started; sleep 30; echo finished")), 0);
        int pid = next(s).pid();
        assertEquals(Type.EXECED, next(s).type());
        s.close(); // EOF for the helper: as if the JVM running `run` had been SIGKILLed
        assertEquals(0, s.waitFor(Duration.ofSeconds(5)), "the helper kills and reaps the container, then exits");
        assertFalse(Files.exists(Path.of("/proc/" + pid)), "the container process is gone");
        assertFalse(stdout().contains("finished"), stdout());
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
    void helperDyingBeforeConnectingFailsClearly() {
        IOException e = assertThrows(IOException.class, () -> HelperSession.builder(socketDir)
                .helper(Path.of("/bin/false"))
                .stdin(Redirect.from(Path.of("/dev/null").toFile()))
                .stdout(Redirect.to(stdoutFile().toFile()))
                .start(StepEncoder.encodeInOrder(List.of(cloneWith(0), exec("true")), 0)));
        assertTrue(e.getMessage().contains("exited with code 1 before connecting"), e.getMessage());
        try (var left = Files.list(socketDir)) {
            assertEquals(0, left.count(), "the socket file must be removed");
        } catch (IOException io) {
            throw new AssertionError(io);
        }
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

    @Test
    void helperRunsFromASealedCopyThatCannotBeWritten() throws Exception {
        HelperSession s = start(concat(
                List.of(cloneWith(CLONE_NEWNS)),
                enterRootfs(rootfs, false),
                List.of(exec("sleep", "30"))), 0);
        assertEquals(Type.PID, next(s).type());
        assertEquals(Type.EXECED, next(s).type());

        Path exe = Path.of("/proc/" + s.helperPid() + "/exe");
        assertTrue(Files.readSymbolicLink(exe).toString().startsWith("/memfd:mc-helper"),
                "helper must run from its memfd copy, exe -> " + Files.readSymbolicLink(exe));
        assertThrows(IOException.class, () -> {
            try (var ch = java.nio.channels.FileChannel.open(exe, java.nio.file.StandardOpenOption.WRITE)) {
                ch.write(java.nio.ByteBuffer.wrap(new byte[] {0}));
            }
        }, "the helper's executable must not be writable through /proc/<pid>/exe");
        s.sendSignal(9);
        assertEquals(9, next(s).termSignal());
    }

    @Test
    void consoleSendsThePtyMasterAndMakesItTheControllingTerminal() throws Exception {
        Path receiverBin = Path.of(System.getProperty("mc.consoleReceiver", "target/console-receiver"));
        assertTrue(Files.isExecutable(receiverBin), "test helper not built: " + receiverBin);
        Path consoleSock = socketDir.resolve("console.sock");
        Path received = work.resolve("console.out");
        Process receiver = new ProcessBuilder(receiverBin.toString(), consoleSock.toString())
                .redirectOutput(received.toFile()).redirectError(work.resolve("console.err").toFile()).start();
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (!Files.readString(received).startsWith("listening")) {
                assertTrue(receiver.isAlive() && System.nanoTime() < deadline, "console receiver did not start");
                Thread.sleep(5);
            }
            List<NativeStep> steps = concat(List.of(cloneWith(CLONE_NEWNS | CLONE_NEWPID)), enterRootfs(rootfs, true));
            // Before pivot_root: the socket is a host path and rootfs/dev is empty, so the pty is the host's /dev/ptmx.
            steps.add(steps.size() - 1, new NativeStep.Console(consoleSock.toString(), 0, 0, NONE));
            steps.add(exec("sh", "-c", "[ -t 0 ] && [ -t 1 ] && [ -t 2 ] && echo tty-ok; cut -d' ' -f6,7 /proc/self/stat"));
            Outcome o = runToEnd(steps, 0);
            assertEquals(List.of(Type.PID, Type.EXECED, Type.EXIT), o.types(), o.reports().toString());
            assertTrue(receiver.waitFor(5, java.util.concurrent.TimeUnit.SECONDS), "receiver did not see the pty close");
        } finally {
            receiver.destroyForcibly();
        }
        List<String> lines = Files.readString(received).lines().map(String::strip).toList();
        assertTrue(lines.get(1).matches("name /dev/pts/\\d+"), lines.toString());
        assertEquals("tty-ok", lines.get(2), lines.toString());
        String[] sessionAndTty = lines.get(3).split(" ");
        assertEquals("1", sessionAndTty[0], "sh is pid 1 and setsid made it the session leader: " + lines);
        assertFalse(sessionAndTty[1].equals("0"), "no controlling terminal: " + lines);
        assertEquals("", stdout(), "the container's output must go to the pty, not the helper's stdout");
    }

    @Test
    void credentialsCapabilitiesAndRlimitsAreApplied() throws Exception {
        int lastCap = Integer.parseInt(Files.readAllLines(Path.of("/proc/sys/kernel/cap_last_cap")).get(0).strip());
        long kill = 1L << 5, netBind = 1L << 10;
        Outcome o = runToEnd(concat(
                List.of(cloneWith(CLONE_NEWNS | CLONE_NEWPID)),
                enterRootfs(rootfs, true),
                List.of(new NativeStep.SetRlimit("RLIMIT_NOFILE", 7, 1024, 4096, NONE),
                        new NativeStep.KeepBounding(kill | netBind, lastCap, "CAP_KILL,CAP_NET_BIND_SERVICE", NONE),
                        new NativeStep.SetGroups(new long[] {10, 20}, NONE),
                        new NativeStep.SetGid(1000, NONE),
                        new NativeStep.SetUid(1000, NONE),
                        new NativeStep.SetCapabilities(kill | netBind, kill | netBind, kill | netBind, NONE),
                        new NativeStep.SetAmbient(netBind, lastCap, NONE),
                        new NativeStep.NoNewPrivileges(NONE),
                        new NativeStep.CloseFds(3, NONE),
                        exec("sh", "-c", "grep -E '^(Uid|Gid|Groups|Cap|NoNewPrivs)' /proc/self/status; ulimit -n; ulimit -Hn"))), 0);

        assertEquals(List.of(Type.PID, Type.EXECED, Type.EXIT), o.types(), o.reports().toString());
        List<String> out = stdout().lines().map(l -> l.replaceAll("\\s+", " ").strip()).toList();
        assertTrue(out.contains("Uid: 1000 1000 1000 1000"), out.toString());
        assertTrue(out.contains("Gid: 1000 1000 1000 1000"), out.toString());
        assertTrue(out.contains("Groups: 10 20"), out.toString());
        assertTrue(out.contains("CapInh: 0000000000000420"), out.toString());
        assertTrue(out.contains("CapPrm: 0000000000000400"), out.toString()); // only the ambient cap survives execve
        assertTrue(out.contains("CapEff: 0000000000000400"), out.toString());
        assertTrue(out.contains("CapBnd: 0000000000000420"), out.toString());
        assertTrue(out.contains("CapAmb: 0000000000000400"), out.toString());
        assertTrue(out.contains("NoNewPrivs: 1"), out.toString());
        assertEquals(List.of("1024", "4096"), out.subList(out.size() - 2, out.size()));
    }

    @Test
    void parentWritesIdMapsBeforeTheChildRuns() throws Exception {
        Outcome o = runToEnd(List.of(
                cloneWith(0x10000000L /* CLONE_NEWUSER */ | CLONE_NEWUTS),
                new NativeStep.WriteChildFile("setgroups", "deny", NONE),
                new NativeStep.WriteChildFile("uid_map", "0 100000 65536\n", NONE),
                new NativeStep.WriteChildFile("gid_map", "0 100000 65536\n", NONE),
                // Still host uid 0, unmapped in the new ns: become the ns's root (host 100000) like runc does.
                new NativeStep.SetGid(0, NONE),
                new NativeStep.SetUid(0, NONE),
                new NativeStep.SetHostname("in-userns", NONE), // needs CAP_SYS_ADMIN in the new user ns
                exec("/bin/busybox", "sh", "-c", "id -u; cat /proc/self/uid_map; hostname; grep Uid /proc/self/status")), 0);

        assertEquals(List.of(Type.PID, Type.EXECED, Type.EXIT), o.types(), o.reports().toString());
        List<String> out = stdout().lines().map(l -> l.replaceAll("\\s+", " ").strip()).toList();
        assertEquals(List.of("0", "0 100000 65536", "in-userns", "Uid: 0 0 0 0"), out);
    }

    @Test
    void failingPostCloneParentStepKillsTheChild() throws Exception {
        Outcome o = runToEnd(List.of(
                cloneWith(CLONE_NEWNS),
                new NativeStep.WriteChildFile("../1/oom_score_adj", "0", NONE),
                exec("/bin/busybox", "touch", work.resolve("must-not-exist").toString())), 0);

        assertEquals(List.of(Type.PID, Type.ERROR), o.types(), o.reports().toString());
        assertEquals(BASE + 1, o.first(Type.ERROR).planIndex());
        assertEquals(Errno.EINVAL, o.first(Type.ERROR).errno());
        assertEquals(1, o.helperExit());
        assertEquals("gone", processState(o.first(Type.PID).pid()));
        assertFalse(Files.exists(work.resolve("must-not-exist")));
    }

    @Test
    void failingPreCloneStepReportsWithoutCloning() throws Exception {
        Outcome o = runToEnd(List.of(
                new NativeStep.JoinNamespace("net", 0x40000000, "/proc/no-such-pid/ns/net", NONE),
                cloneWith(CLONE_NEWNS),
                exec("true")), 0);

        assertEquals(List.of(Type.ERROR), o.types(), o.reports().toString());
        assertEquals(BASE, o.first(Type.ERROR).planIndex());
        assertEquals(Errno.ENOENT, o.first(Type.ERROR).errno());
    }

    /** Masking after pivot_root with no /proc in the container: the held null device is still bound (open_tree). */
    @Test
    void masksWithTheVerifiedNullDeviceEvenWithoutProc() throws Exception {
        Path root = work.resolve("rootfs-noproc");
        BusyboxRootfs.freshCopy(root);
        Files.writeString(Files.createDirectories(root.resolve("etc")).resolve("secret"), "secret\n");
        String r = root.toString();
        Outcome o = runToEnd(List.of(
                cloneWith(CLONE_NEWNS | CLONE_NEWPID),
                mount(null, "/", null, MS_REC | MS_PRIVATE, null, 0),
                mount(r, r, null, MS_BIND | MS_REC, null, 0),
                mount("/dev/null", "/dev/null", null, MS_BIND, r, Mount.TARGET_IN_ROOT | Mount.LIKE_SOURCE),
                new NativeStep.PivotRoot(r, NONE),
                new NativeStep.MaskPath("/etc/secret", NONE),
                exec("sh", "-c", "[ -e /proc/self ] || echo no-proc; wc -c < /etc/secret")), 0);
        assertEquals(List.of(Type.PID, Type.EXECED, Type.EXIT), o.types(), o.reports().toString());
        assertEquals(List.of("no-proc", "0"), stdout().lines().map(String::strip).toList());
    }

    /** A FIFO at a namespace path used to block the helper's open forever; a namespace of another type is refused too. */
    @Test
    void aNamespacePathThatIsNotANamespaceFileOfThatTypeFailsAtOnce() throws Exception {
        Path fifo = work.resolve("ns-fifo");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        for (String path : List.of(fifo.toString(), "/proc/self/ns/uts")) {
            Outcome o = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> runToEnd(List.of(
                    new NativeStep.JoinNamespace("net", 0x40000000, path, NONE),
                    cloneWith(CLONE_NEWNS),
                    exec("true")), 0));
            assertEquals(List.of(Type.ERROR), o.types(), path + ": " + o.reports());
            assertEquals(Errno.EINVAL, o.first(Type.ERROR).errno(), path);
        }
    }

    /** The helper joins a v1 memory cgroup limited to 8 MiB before clone, leaves it after: the container is born inside and runs. */
    @Test
    void containerIsBornInsideAnEightMegabyteMemoryCgroup() throws Exception {
        String own = Files.readAllLines(Path.of("/proc/self/cgroup")).stream()
                .filter(l -> l.split(":")[1].equals("memory")).findFirst()
                .orElseThrow(() -> new AssertionError("no v1 memory controller in /proc/self/cgroup")).split(":", 3)[2];
        Path ownDir = Path.of("/sys/fs/cgroup/memory" + own);
        Path cg = ownDir.resolve("mc-test-" + ProcessHandle.current().pid());
        Files.createDirectory(cg);
        try {
            Files.writeString(cg.resolve("memory.limit_in_bytes"), String.valueOf(8 << 20));
            Outcome o = runToEnd(concat(
                    List.of(new NativeStep.CgroupJoin(cg.resolve("cgroup.procs").toString(), false, NONE),
                            cloneWith(CLONE_NEWNS | CLONE_NEWPID),
                            new NativeStep.CgroupJoin(ownDir.resolve("cgroup.procs").toString(), true, NONE)),
                    enterRootfs(rootfs, true),
                    List.of(exec("sh", "-c", "grep memory /proc/self/cgroup"))), 0);

            assertEquals(List.of(Type.PID, Type.EXECED, Type.EXIT), o.types(), o.reports().toString());
            assertEquals(0, o.first(Type.EXIT).waitStatus());
            assertTrue(stdout().strip().endsWith("/mc-test-" + ProcessHandle.current().pid()), stdout());
            assertEquals(0, o.helperExit());
            long peak = Long.parseLong(Files.readAllLines(cg.resolve("memory.max_usage_in_bytes")).get(0).strip());
            System.out.println("8 MiB cgroup peak usage (helper before leaving + container): " + peak / 1024 + " kB");
        } finally {
            Files.delete(cg); // empty: the helper left, the container exited
        }
    }

    /** MKNOD: fresh nodes under a root, exact mode and owner (no umask), never through a symlink out of the root. */
    @Test
    void mknodMakesNodesUnderARootOnly() throws Exception {
        Path root = BusyboxRootfs.freshCopy(work.resolve("rootfs"));
        BusyboxRootfs.deleteTree(root.resolve("dev"));
        Files.createSymbolicLink(root.resolve("dev"), Path.of("/mc-dev-escape")); // absolute: must mean <root>/mc-dev-escape
        assertFalse(Files.exists(Path.of("/mc-dev-escape")), "precondition: /mc-dev-escape must not exist on the host");
        String r = root.toString();
        try {
            Outcome o = runToEnd(List.of(
                    cloneWith(CLONE_NEWNS),
                    new NativeStep.Umask(077, NONE),
                    new NativeStep.Mknod("/dev/null", 'c', 1, 3, 0666, 0, 0, r, NONE),
                    new NativeStep.Mknod("/dev/sub/blk", 'b', 7, 9, 0640, 12, 34, r, NONE),
                    new NativeStep.Mknod("/dev/fifo", 'p', 0, 0, 0600, 5, 6, r, NONE),
                    new NativeStep.Mknod("/dev/null", 'c', 1, 3, 0644, 0, 0, r, NONE),   // same node again: re-moded
                    exec("/bin/busybox", "true")), 0);
            assertEquals(List.of(Type.PID, Type.EXECED, Type.EXIT), o.types(), o.reports().toString());
            Path dev = root.resolve("mc-dev-escape");
            assertEquals("c 1:3 644 0:0", node(dev.resolve("null")));
            assertEquals("b 7:9 640 12:34", node(dev.resolve("sub/blk")));
            assertEquals("p 0:0 600 5:6", node(dev.resolve("fifo")));
            assertFalse(Files.exists(Path.of("/mc-dev-escape")), "MKNOD followed an absolute link out of the root");

            Outcome clash = runToEnd(List.of(cloneWith(CLONE_NEWNS),
                    new NativeStep.Mknod("/dev/null", 'c', 1, 5, 0666, 0, 0, r, NONE), exec("/bin/busybox", "true")), 0);
            assertEquals(BASE + 1, clash.first(Type.ERROR).planIndex());
            assertEquals(Errno.EEXIST, clash.first(Type.ERROR).errno(), "a different node at the path is never re-owned");
        } finally {
            BusyboxRootfs.deleteTree(Path.of("/mc-dev-escape")); // only if the defence failed
        }
    }

    static String node(Path p) throws IOException {
        int mode = (Integer) Files.getAttribute(p, "unix:mode", java.nio.file.LinkOption.NOFOLLOW_LINKS);
        long rdev = (Long) Files.getAttribute(p, "unix:rdev", java.nio.file.LinkOption.NOFOLLOW_LINKS);
        String type = switch (mode & 0170000) {
            case 0020000 -> "c";
            case 0060000 -> "b";
            case 0010000 -> "p";
            default -> "?";
        };
        long major = (rdev >> 8) & 0xfff, minor = (rdev & 0xff) | ((rdev >> 12) & 0xfff00);
        return type + " " + major + ":" + minor + " " + Integer.toOctalString(mode & 07777) + " "
                + Files.getAttribute(p, "unix:uid", java.nio.file.LinkOption.NOFOLLOW_LINKS) + ":"
                + Files.getAttribute(p, "unix:gid", java.nio.file.LinkOption.NOFOLLOW_LINKS);
    }

    /**
     * DEVICE_FILTER for real: this hybrid host's cgroup2 mount (/sys/fs/cgroup/unified) runs BPF device
     * programs like a pure v2 host, so the helper attaches the compiled rules there, joins, clones, leaves.
     */
    @Test
    void deviceFilterOnTheCgroup2MountDecidesEveryOpen() throws Exception {
        String own = Files.readAllLines(Path.of("/proc/self/cgroup")).stream().filter(l -> l.startsWith("0::"))
                .findFirst().orElseThrow(() -> new AssertionError("no cgroup2 line in /proc/self/cgroup")).substring(3);
        Path ownDir = Path.of("/sys/fs/cgroup/unified" + own);
        Path cg = ownDir.resolve("mc-test-dev-" + ProcessHandle.current().pid());
        Path root = BusyboxRootfs.freshCopy(work.resolve("rootfs"));
        String r = root.toString();
        var rules = io.minicontainer.cgroup.DeviceRules.of(List.of(
                new io.minicontainer.spec.Spec.DeviceRule(false, null, null, null, "rwm"),
                new io.minicontainer.spec.Spec.DeviceRule(true, "c", 1L, 7L, "r")));
        Files.createDirectory(cg);
        try {
            Outcome o = runToEnd(concat(
                    List.of(new NativeStep.DeviceFilter(cg.toString(),
                                    io.minicontainer.plan.DeviceFilterProgram.compile(rules), rules, NONE),
                            new NativeStep.CgroupJoin(cg.resolve("cgroup.procs").toString(), false, NONE),
                            cloneWith(CLONE_NEWNS),
                            new NativeStep.CgroupJoin(ownDir.resolve("cgroup.procs").toString(), true, NONE),
                            mount(null, "/", null, MS_REC | MS_PRIVATE, null, 0),
                            mount(r, r, null, MS_BIND | MS_REC, null, 0),
                            mount("tmpfs", "/dev", "tmpfs", MS_NOSUID, r, Mount.TARGET_IN_ROOT | Mount.MKDIR),
                            new NativeStep.Mknod("/dev/null", 'c', 1, 3, 0666, 0, 0, r, NONE),
                            new NativeStep.Mknod("/dev/lc", 'c', 10, 237, 0600, 0, 0, r, NONE),
                            new NativeStep.Mknod("/dev/blk", 'b', 7, 0, 0600, 0, 0, r, NONE),
                            new NativeStep.PivotRoot(r, NONE)),
                    List.of(exec("sh", "-c", "for n in null lc blk; do (: < /dev/$n) 2>/dev/null && echo $n=ok || echo $n=denied; done;"
                            + " (echo x > /dev/null) 2>/dev/null && echo null_write=ok"))), 0);
            assertEquals(List.of(Type.PID, Type.EXECED, Type.EXIT), o.types(), o.reports().toString());
            assertEquals(List.of("null=ok", "lc=denied", "blk=denied", "null_write=ok"), stdout().lines().toList(),
                    "mknod allowed (runc's c/b *:* m), opening only what the rules allow");
        } finally {
            Files.delete(cg); // empty: the helper left, the container exited; the program goes with the cgroup
        }
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
