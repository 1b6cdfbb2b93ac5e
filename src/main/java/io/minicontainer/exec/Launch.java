package io.minicontainer.exec;

import io.minicontainer.diag.RuntimeFailure;
import io.minicontainer.plan.HostStep;
import io.minicontainer.plan.NativeStep;
import io.minicontainer.plan.Plan;
import io.minicontainer.plan.Step;
import io.minicontainer.timing.Timing;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One container being brought up from a plan: host steps in the JVM, then the helper for the rest.
 * Used by run (wait for the exit) and create (detach once the container waits for start).
 * Whatever fails, {@link #cleanup()} removes what this launch created; the first error is kept.
 */
public final class Launch implements AutoCloseable {
    private final Plan plan;
    private final TraceSink trace;
    private final List<String> createdCgroupDirs = new ArrayList<>();
    private boolean hostStepsDone;
    private HelperSession session;
    private int pid = -1;

    private Launch(Plan plan, TraceSink trace) {
        this.plan = plan;
        this.trace = trace;
    }

    /** A launch whose helper is already connected: tests of the wait's hand-over play the helper's side. */
    Launch(Plan plan, HelperSession session) {
        this(plan, TraceSink.NONE);
        this.session = session;
    }

    /** Stdio the container gets: inherited from this JVM unless the caller says otherwise. */
    public record Stdio(Redirect in, Redirect out, Redirect err) {
        public static final Stdio INHERIT = new Stdio(Redirect.INHERIT, Redirect.INHERIT, Redirect.INHERIT);
    }

    /**
     * Applies the host steps and starts the helper with the rest. Returns once the helper has
     * reported the container's pid. On failure everything created so far is removed.
     */
    public static Launch start(Plan plan, Path socketDir, boolean detach, Stdio stdio, TraceSink trace) {
        Launch launch = new Launch(plan, trace);
        try {
            launch.applyHostSteps();
            Timing.mark("host steps (cgroups) applied");
            CrashPoints.reach("host-steps-applied");
            launch.startHelper(socketDir, detach, stdio);
            launch.awaitPid();
            Timing.mark("container pid reported");
            return launch;
        } catch (RuntimeException | Error e) {
            launch.cleanupKeeping(e);
            throw e;
        }
    }

    public int pid() { return pid; }

    public Plan plan() { return plan; }

    private void applyHostSteps() {
        List<HostStep> setup = new ArrayList<>();
        for (Step s : plan.steps()) if (s instanceof HostStep h && !(h instanceof HostStep.RunHook)) setup.add(h);
        for (int i = 0; i < plan.steps().size(); i++) {
            Step step = plan.steps().get(i);
            // hooks run at their moment (a hook pause, after exec), not with the cgroup setup
            if (!(step instanceof HostStep host) || step instanceof HostStep.RunHook) continue;
            long t0 = System.nanoTime();
            try {
                // with the whole setup: a parent another container already made is shared, not "in use"
                CgroupApplier.applyOne(host, setup, createdCgroupDirs);
            } catch (CgroupException e) {
                throw new RuntimeFailure("step " + (i + 1) + " " + step.describe() + ": " + Errno.withName(e.reason())
                        + (step.sources().isEmpty() ? "" : " from " + String.join(", ", step.sources()))
                        + ": the host's cgroup refused this value", e);
            }
            trace.executed(i, step, (System.nanoTime() - t0) / 1000);
        }
        hostStepsDone = true;
    }

    private void startHelper(Path socketDir, boolean detach, Stdio stdio) {
        List<IndexedStep> nativeSteps = StepEncoder.nativeSteps(plan);
        int mode = (trace == TraceSink.NONE ? 0 : StepEncoder.TRACE) | (detach ? StepEncoder.DETACH : 0);
        try {
            session = HelperSession.builder(socketDir).stdin(stdio.in()).stdout(stdio.out()).stderr(stdio.err())
                    .start(StepEncoder.encode(nativeSteps, mode));
        } catch (IOException e) {
            throw new RuntimeFailure("cannot start the native helper: " + e.getMessage(), e);
        }
    }

    private void awaitPid() {
        Report r = nextReport();
        while (r.type() == Report.Type.STEP) {
            traceNative(r);
            r = nextReport();
        }
        switch (r.type()) {
            case PID -> pid = r.pid();
            case ERROR -> throw new RuntimeFailure(StepFailure.describe(plan, r.planIndex(), r.errno()));
            default -> throw unexpected(r, "the container's pid");
        }
    }

    /** Reads until the container has exec'd its program (run) or waits for start (create). */
    public Report awaitReadyOrExec() { return awaitReadyOrExec(HostHooks.NONE); }

    /** As above; at a hook pause, runs the host-side hooks that follow it with {@code hooks}, then resumes the child. */
    public Report awaitReadyOrExec(HostHooks hooks) {
        while (true) {
            Report r = nextReport();
            switch (r.type()) {
                case STEP -> traceNative(r);
                case PAUSED -> runPausedHooks(r.planIndex(), hooks);
                case READY, EXECED -> { return r; }
                case ERROR -> throw new RuntimeFailure(StepFailure.describe(plan, r.planIndex(), r.errno(), r.c()));
                case EXIT -> throw new RuntimeFailure("the container process died before exec (" + describeExit(r) + ")");
                default -> throw unexpected(r, "ready or exec");
            }
        }
    }

    /** A failing hook aborts the child (it exits; cleanup follows) and is the error the user sees. */
    private void runPausedHooks(int pauseIndex, HostHooks hooks) {
        for (HostStep.RunHook hook : plan.hooksAfter(pauseIndex)) {
            long t0 = System.nanoTime();
            try {
                hooks.run(hook, pid);
            } catch (RuntimeException | Error e) {
                try {
                    resume(false);
                } catch (RuntimeException abortFailed) {
                    e.addSuppressed(abortFailed); // the hook's failure stays the error the user sees
                }
                throw e;
            }
            trace.executed(plan.steps().indexOf(hook), hook, (System.nanoTime() - t0) / 1000);
        }
        resume(true);
    }

    private void resume(boolean go) {
        try {
            session.resume(go);
        } catch (IOException e) {
            throw new RuntimeFailure("lost contact with the native helper: " + e.getMessage(), e);
        }
    }

    /** After exec: waits for the container's exit; returns the shell-style status (128+signal when killed). */
    public Report awaitExit() {
        while (true) {
            Report r = nextReport();
            switch (r.type()) {
                case STEP, EXECED, READY, HANDED_OFF -> { }
                case EXIT -> { return r; }
                default -> throw unexpected(r, "the container's exit");
            }
        }
    }

    /**
     * Asks the helper to take the supervisor instead of this JVM as the container's owner; once it agrees,
     * writes the cleanup data to the supervisor. Returns HANDED_OFF (this JVM may exit: the helper's socket
     * closes with it), or EXIT when the container ended first, or the helper could not watch the supervisor
     * (then everything goes on as without a supervisor).
     */
    public Report handOff(Supervisor supervisor, Path stateDir, Path lockFile, ForegroundRun.SignalRelay relay) {
        HandoffData data = HandoffData.encode(plan, session.helperPid(), stateDir, lockFile);
        // over the supervisor's limits it would ignore the data after this JVM's write succeeded: nobody would wait
        if (!data.fits()) return awaitExit();
        try {
            session.handOff(supervisor.pid());
        } catch (IOException e) {
            return awaitExit(); // the helper is gone: its EXIT (or EOF) tells the rest
        }
        while (true) {
            Report r = nextReport();
            switch (r.type()) {
                case STEP, EXECED, READY -> { }
                case EXIT -> { return r; }
                case HANDED_OFF -> {
                    if (r.a() != 0) return awaitExit(); // no pidfd for the supervisor: keep the wait here
                    // From here the relay holds what comes: after a commit the supervisor forwards to the helper,
                    // and sends it what it forwarded here that the count does not cover.
                    String relayed = relay.holdAndCount();
                    try {
                        supervisor.commit(data.committed(relayed));
                        Timing.mark("wait handed to the supervisor");
                        return r;
                    } catch (IOException e) {
                        relay.release(); // the supervisor got no commit and mirrors this JVM's status: keep the wait here
                        return awaitExit();
                    }
                }
                default -> throw unexpected(r, "the handoff");
            }
        }
    }

    /** True when the container's memory cgroup recorded an OOM kill; call before cleanup. */
    public boolean oomKilled() {
        try {
            return CgroupStats.oomKilled(containerCgroupDirs());
        } catch (IOException e) {
            return false;
        }
    }

    public List<String> containerCgroupDirs() { return containerCgroupDirs(plan); }

    /** The directories the cleanup removes, as the state records them (run's and create's). */
    public static List<String> cleanupDirs(Plan plan) {
        return java.util.Collections.unmodifiableList(HostStep.CgroupRemove.dirs(plan.cleanup()));
    }

    /** The container's own cgroup directories (those its process joins and stays in). */
    public static List<String> containerCgroupDirs(Plan plan) {
        List<String> dirs = new ArrayList<>();
        for (Step s : plan.steps()) {
            if (s instanceof NativeStep.CgroupJoin j && !j.leave()) dirs.add(Path.of(j.procsFile()).getParent().toString());
        }
        return dirs;
    }

    public void signal(int signo) {
        try {
            if (session != null) session.sendSignal(signo);
        } catch (IOException ignored) {
            // The helper is gone, so the container is too: nothing to forward to.
        }
    }

    /** Waits for the helper process itself (it exits after EXIT, or right after READY when detached). */
    public int waitForHelper() {
        try {
            return session == null ? -1 : session.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** Removes cgroups; throws a RuntimeFailure naming what could not be removed. */
    public void cleanup() {
        List<String> problems = cleanupProblems();
        if (!problems.isEmpty()) throw new RuntimeFailure("cleanup: " + String.join("; ", problems));
    }

    /** Cleans up after a failure; problems are attached to {@code original}, which stays the error the user sees. */
    /** @return true when everything was removed */
    boolean cleanupKeeping(Throwable original) {
        List<String> problems = cleanupProblems();
        for (String p : problems) original.addSuppressed(new RuntimeFailure("cleanup: " + p));
        return problems.isEmpty();
    }

    private List<String> cleanupProblems() {
        List<String> problems = new ArrayList<>();
        closeSession();
        List<HostStep.CgroupRemove> cleanup = plan.cleanup();
        var failures = hostStepsDone ? CgroupCleaner.remove(cleanup) : CgroupCleaner.remove(cleanup, createdCgroupDirs);
        for (CgroupException e : failures) problems.add(e.getMessage());
        return problems;
    }

    private void closeSession() {
        if (session == null) return;
        try {
            session.close();
        } catch (IOException ignored) {
            // only the socket file; the state dir goes with it
        }
    }

    @Override
    public void close() { closeSession(); }

    private Report nextReport() {
        try {
            return session.next();
        } catch (IOException e) {
            throw new RuntimeFailure("lost contact with the native helper: " + e.getMessage(), e);
        }
    }

    private void traceNative(Report r) {
        int i = r.planIndex();
        if (i >= 0 && i < plan.steps().size()) trace.executed(i, plan.steps().get(i), r.micros());
    }

    private RuntimeFailure unexpected(Report r, String waitingFor) {
        if (r.isEof()) {
            int code = waitForHelper();
            return new RuntimeFailure("the native helper stopped (exit " + code + ") while waiting for " + waitingFor);
        }
        if (r.type() == Report.Type.PROTOCOL_ERROR) {
            return new RuntimeFailure("the native helper rejected the plan (protocol error " + r.a() + "): this is a bug in mini-container");
        }
        return new RuntimeFailure("unexpected report " + r + " while waiting for " + waitingFor);
    }

    static String describeExit(Report r) {
        return r.exited() ? "exit status " + r.exitCode() : "killed by signal " + r.termSignal();
    }
}
