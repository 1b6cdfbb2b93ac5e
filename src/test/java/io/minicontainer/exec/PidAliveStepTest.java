package io.minicontainer.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minicontainer.plan.NativeStep;
import io.minicontainer.plan.Plan;
import io.minicontainer.plan.Step;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Op 51 PID_ALIVE with the real helper, root-free: before clone, a pid that is no longer the recorded process
 * (another start time: a reused pid) stops the plan with ESRCH and nothing is started; the same process passes.
 */
class PidAliveStepTest {
    private static final NativeStep CLONE = new NativeStep.Clone(0, "", 0, List.of());
    private static final NativeStep TRUE = new NativeStep.Exec(List.of("/bin/true"), List.of(), List.of("/bin/true"), List.of());

    /** /proc/PID/stat field 22. */
    static long startTime(long pid) throws Exception {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[22 - 3]);
    }

    static List<Report> run(Path tmp, NativeStep check) throws Exception {
        return run(tmp, List.of(check, CLONE, TRUE));
    }

    /** Every report the helper sends for {@code steps}, until it closes the session. */
    static List<Report> run(Path tmp, List<NativeStep> steps) throws Exception {
        HelperSession s = HelperSession.builder(tmp.resolve("sock")).stdin(Redirect.INHERIT).stdout(Redirect.DISCARD)
                .start(StepEncoder.encodeInOrder(steps, 0));
        List<Report> reports = new ArrayList<>();
        try {
            for (Report r = s.next(); !r.isEof(); r = s.next()) reports.add(r);
        } finally {
            s.close();
            s.waitFor();
        }
        return reports;
    }

    @Test
    void theRecordedProcessPasses(@TempDir Path tmp) throws Exception {
        long self = ProcessHandle.current().pid();
        List<Report> r = run(tmp, new NativeStep.PidAlive((int) self, startTime(self), List.of()));
        assertEquals(List.of(Report.Type.PID, Report.Type.EXECED, Report.Type.EXIT), r.stream().map(Report::type).toList(), r.toString());
    }

    @Test
    void anotherStartTimeIsAReusedPidAndNothingStarts(@TempDir Path tmp) throws Exception {
        long self = ProcessHandle.current().pid();
        List<Report> r = run(tmp, new NativeStep.PidAlive((int) self, startTime(self) + 1, List.of()));
        assertEquals(1, r.size(), "an ERROR and no PID: nothing was cloned\n" + r);
        assertEquals(Report.Type.ERROR, r.get(0).type());
        assertEquals(0, r.get(0).planIndex());
        assertEquals(Errno.ESRCH, r.get(0).errno());
        Plan plan = new Plan("c1", "/rootfs", List.<Step>of(new NativeStep.PidAlive(4242, 1, List.of())), List.of());
        String message = StepFailure.describe(plan, 0, Errno.ESRCH);
        assertTrue(message.contains("the container's process (pid 4242) exited while exec joined it: nothing was started"), message);
    }

    @Test
    void aPidThatIsGoneFailsToo(@TempDir Path tmp) throws Exception {
        Process gone = new ProcessBuilder("true").start();
        long pid = gone.pid();
        gone.waitFor(); // reaped: /proc/PID is gone (unless reused at once, which fails the same way)
        List<Report> r = run(tmp, new NativeStep.PidAlive((int) pid, 1, List.of()));
        assertEquals(Errno.ESRCH, r.get(0).errno(), r.toString());
    }

    /** A failure that is not "gone" keeps its own errno, so the message does not say the container's process exited. */
    @Test
    void aPidfdFailureOtherThanGoneKeepsItsErrno(@TempDir Path tmp) throws Exception {
        List<Report> r = run(tmp, new NativeStep.PidAlive(0, 1, List.of())); // pidfd_open(0): EINVAL
        assertEquals(Report.Type.ERROR, r.get(0).type(), r.toString());
        assertEquals(Errno.EINVAL, r.get(0).errno(), r.toString());
    }

    /** A join through the checked pidfd with no check before it has nothing to go through: EBADF, nothing runs. */
    @Test
    void aJoinThroughAPidfdNeedsACheckFirst(@TempDir Path tmp) throws Exception {
        List<Report> reports = run(tmp, List.of(CLONE, new NativeStep.JoinMountNamespace("", List.of()), TRUE));
        Report error = reports.stream().filter(r -> r.type() == Report.Type.ERROR).findFirst().orElseThrow(() -> new AssertionError(reports));
        assertEquals(1, error.planIndex());
        assertEquals(Errno.EBADF, error.errno());
        assertTrue(reports.stream().noneMatch(r -> r.type() == Report.Type.EXECED), reports.toString());
    }
}
