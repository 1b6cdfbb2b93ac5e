package io.minicontainer.exec;

import io.minicontainer.diag.RuntimeFailure;
import io.minicontainer.plan.Plan;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import io.minicontainer.timing.Timing;
import sun.misc.Signal;

/**
 * `run`: start the container with the JVM's own stdio, forward INT/TERM/HUP to it, wait for its
 * exit, clean up, and return its status the way a shell reports it (128+signal when killed).
 */
public final class ForegroundRun {
    private static final String[] FORWARDED = {"INT", "TERM", "HUP", "QUIT", "USR1", "USR2"};
    static final String OOM_MESSAGE = "mini-container: the container was OOM-killed: it used more memory than its limit"
            + " (/linux/resources/memory/limit)";

    private ForegroundRun() {}

    /** Told once the container process exists, e.g. to record its pid where `state`/`list` look. */
    public interface StartListener {
        void started(Launch launch, Path containerDir) throws IOException;
    }

    /**
     * {@code dir} is the container's state directory, made by the caller together with a
     * {@code creating} record before this first host step; it is removed at the end unless the
     * cleanup failed (then the record stays for `delete --force`). Hooks run as create + start +
     * delete run them: prestart/createRuntime at the hook pause, poststart after exec, poststop after
     * the cleanup (those two only warn, as the spec says).
     */
    public static int run(Plan plan, Path dir, TraceSink trace, PrintStream err, HostHooks hooks, StartListener listener) {
        return run(plan, dir, trace, err, hooks, listener, false);
    }

    /** {@code keep} (runc's run --keep): after a normal exit the cgroups and the state stay, for `delete`. */
    public static int run(Plan plan, Path dir, TraceSink trace, PrintStream err, HostHooks hooks, StartListener listener,
                          boolean keep) {
        return run(plan, dir, trace, err, hooks, listener, keep, false);
    }

    /**
     * {@code errorsLogged}: errors also go to a --log file, which only Java writes (so the JVM keeps the wait).
     * Once the container has exec'd and its poststart hooks ran, the wait goes to the native supervisor when
     * {@link #keepsJvmBecause} says nothing against it; this JVM then exits and the supervisor does the rest.
     */
    public static int run(Plan plan, Path dir, TraceSink trace, PrintStream err, HostHooks hooks, StartListener listener,
                          boolean keep, boolean errorsLogged) {
        Launch launch = null;
        boolean cleaned = false, cleanFailed = false, kept = false, handedOff = false;
        try {
            // Handlers go in before the container exists: a signal sent right after it exec'd would otherwise
            // hit the JVM's default handler, kill `run` and orphan the container.
            SignalRelay relay = SignalRelay.install();
            launch = Launch.start(plan, dir, false, Launch.Stdio.INHERIT, trace);
            relay.attach(launch);
            try {
                listener.started(launch, dir);
            } catch (IOException e) {
                err.println("mini-container: warning: cannot record the container's state: " + e.getMessage());
            }
            Report exit;
            try {
                launch.awaitReadyOrExec(hooks);
                Timing.mark("container exec'd");
                warnEach(plan.poststart(), hooks, launch.pid(), err);
                Supervisor supervisor = Supervisor.current();
                String keepJvm = keepsJvmBecause(supervisor, plan, keep, errorsLogged);
                if (trace != TraceSink.NONE) {
                    err.println(keepJvm == null ? "mini-container: the wait goes to the supervisor (pid " + supervisor.pid() + ")"
                            : "mini-container: the JVM keeps the wait: " + keepJvm);
                }
                if (keepJvm == null) {
                    exit = launch.handOff(supervisor, dir, lockFileOf(dir), relay);
                    if (exit.type() == Report.Type.HANDED_OFF) {
                        handedOff = cleaned = true;
                        return 0; // not the run's status: the supervisor exits with the container's
                    }
                } else {
                    exit = launch.awaitExit();
                }
                Timing.mark("container exited");
            } catch (RuntimeException | Error e) {
                cleaned = true;
                cleanFailed = !launch.cleanupKeeping(e); // a cleanup problem must not replace the step that failed
                // the spec: a failed create-time hook stops the container and the lifecycle goes on at destroy + poststop
                warnEach(plan.poststop(), hooks, launch.pid(), err);
                throw e;
            }
            boolean oom = !exit.exited() && exit.termSignal() == 9 && launch.oomKilled();
            cleaned = true;
            if (keep) {
                kept = true;
            } else {
                cleanFailed = true;
                launch.cleanup();
                cleanFailed = false;
            }
            Timing.mark("cgroups removed");
            warnEach(plan.poststop(), hooks, launch.pid(), err);
            if (oom) err.println(OOM_MESSAGE);
            return exit.shellStatus();
        } finally {
            if (handedOff) {
                // Nothing here: the helper's socket must stay open until this JVM exits (docs/PROTOCOL.md).
            } else if (launch != null) {
                // Any other way out (a failing state listener, an Error) must still remove the cgroups.
                if (!cleaned) cleanFailed = !launch.cleanupKeeping(new RuntimeFailure("run ended early"));
                launch.close();
            }
            if (kept) {
                // the stopped container stays listed; `delete` removes its cgroups and state
            } else if (handedOff) {
                // the container still runs: the supervisor removes the state after its exit
            } else if (cleanFailed) {
                err.println(keptMessage(plan, dir));
            } else {
                deleteTree(dir);
            }
        }
    }

    static String keptMessage(Plan plan, Path dir) {
        return "mini-container: warning: the state of " + plan.containerId() + " is kept in " + dir
                + ": `delete --force " + plan.containerId() + "` removes what is left";
    }

    /**
     * Why this JVM keeps waiting for the container itself, or null when the wait goes to the supervisor
     * (docs/PROTOCOL.md, "The supervisor"). Each reason is something only Java can do after the exit.
     */
    static String keepsJvmBecause(Supervisor supervisor, Plan plan, boolean keep, boolean errorsLogged) {
        if (supervisor == null) return "no supervisor: the JVM was not started by bin/mini-container's mc-supervisor";
        if (keep) return "--keep: the stopped container is recorded for `delete`";
        if (!plan.poststop().isEmpty()) return "poststop hooks run in Java after the exit";
        if (errorsLogged) return "--log: a cleanup failure must reach the log file too";
        if (Timing.enabled()) return "-Dmc.timing: the exit and the cleanup are timed in Java";
        return null;
    }

    /** The id's lock file, where StateStore keeps it: a `state` or `kill` during the run may have left it. */
    private static Path lockFileOf(Path dir) {
        return new io.minicontainer.state.StateStore(dir.getParent()).lockFile(dir.getFileName().toString());
    }

    private static void warnEach(java.util.List<io.minicontainer.plan.HostStep.RunHook> list, HostHooks hooks, int pid, PrintStream err) {
        for (io.minicontainer.plan.HostStep.RunHook hook : list) {
            try {
                hooks.run(hook, pid);
            } catch (RuntimeFailure e) {
                err.println("mini-container: warning: " + hook.stage() + " hook failed: " + e.getMessage());
            }
        }
    }

    /** Forwards INT/TERM/HUP/... to the container; signals that arrive before it exists are held until then. */
    public static final class SignalRelay implements sun.misc.SignalHandler { // a class, not a lambda: linking one costs every run
        private Launch target;
        private boolean held;
        private final java.util.List<Integer> pending = new java.util.ArrayList<>();
        private final int[] relayed = new int[65];

        static SignalRelay install() {
            SignalRelay relay = new SignalRelay();
            for (String name : FORWARDED) {
                try {
                    Signal.handle(new Signal(name), relay);
                } catch (IllegalArgumentException ignored) {
                    // QUIT/USR1 may be reserved by the JVM (-Xrs not set): those are simply not forwarded.
                }
            }
            return relay;
        }

        @Override
        public void handle(Signal s) { received(s.getNumber()); }

        synchronized void received(int signo) {
            if (target != null && !held) relay(signo);
            else pending.add(signo);
        }

        synchronized void attach(Launch launch) {
            target = launch;
            if (!held) flush();
        }

        /** Stops relaying (what comes is held) and says what was relayed so far: "signo:count,...". */
        synchronized String holdAndCount() {
            held = true;
            StringBuilder b = new StringBuilder();
            for (int signo = 1; signo < relayed.length; signo++) {
                if (relayed[signo] > 0) b.append(b.length() == 0 ? "" : ",").append(signo).append(':').append(relayed[signo]);
            }
            return b.toString();
        }

        /** The handoff did not happen: relay what was held and go on relaying. */
        synchronized void release() {
            held = false;
            if (target != null) flush();
        }

        private void flush() {
            for (int signo : pending) relay(signo);
            pending.clear();
        }

        private void relay(int signo) {
            target.signal(signo);
            if (signo > 0 && signo < relayed.length) relayed[signo]++;
        }
    }

    /** What `run` would refuse as a duplicate, checked without creating anything (run --dry-run). */
    public static void requireFreeId(Path runDir, String containerId) {
        Path dir = runDir.resolve(containerId);
        if (Files.exists(dir)) throw new io.minicontainer.diag.UserError("container " + containerId + " already exists (" + dir + ")");
    }

    /** Best effort, deepest first, links not followed; recursion rather than Files.walk's stream and lambdas (every run). */
    static void deleteTree(Path dir) {
        if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) return;
        if (Files.isDirectory(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            try (java.nio.file.DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
                for (Path p : entries) deleteTree(p);
            } catch (IOException | java.nio.file.DirectoryIteratorException ignored) {
                // best effort: a leftover socket dir holds nothing of the container
            }
        }
        dir.toFile().delete();
    }
}
