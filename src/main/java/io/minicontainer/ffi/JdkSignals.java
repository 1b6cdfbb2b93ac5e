package io.minicontainer.ffi;

import java.util.Optional;

/**
 * kill(2) for the two signals the JDK can send itself: ProcessHandle's destroy is kill(pid, SIGTERM)
 * and destroyForcibly kill(pid, SIGKILL), checked against the process's start time as well. They are
 * what podman's stop sends, and they make a cold `kill` skip jnr-ffi's first binding: measured
 * 4.5x -> 2.0x the empty JVM, 11 A/B pairs (`state` is 1.8x; docs/STARTUP.md). Any other signal
 * goes to {@link LazySyscalls}.
 * <p>What is left is ProcessHandleImpl's class initialiser, ~6-8 ms: its reaper executor's two lambdas are the JVM's
 * first. The short verbs' archive holds both proxies and every invoker they use (JdkSignalsArchiveIT); JDK 17 cannot
 * archive the one LambdaForm still spun (MethodHandles.constant's bound form), and no other JDK 17 API signals
 * another process (docs/STARTUP.md, "lambdaforms").
 */
final class JdkSignals implements Syscalls {
    static final JdkSignals INSTANCE = new JdkSignals(LazySyscalls.INSTANCE);
    private static final int ESRCH = 3;
    private static final int EPERM = 1;

    private final Syscalls others;

    JdkSignals(Syscalls others) { this.others = others; }

    @Override
    public int kill(int pid, int signal) {
        // pid <= 0 means a process group or every process to kill(2): only libc says that
        if ((signal != Signals.SIGTERM && signal != Signals.SIGKILL) || pid <= 0) return others.kill(pid, signal);
        Optional<ProcessHandle> process;
        try {
            process = ProcessHandle.of(pid);
        } catch (SecurityException e) {
            return EPERM;
        }
        if (process.isEmpty()) return ESRCH; // gone (a zombie still has a handle, and kill(2) succeeds on it)
        try {
            boolean sent = signal == Signals.SIGKILL ? process.get().destroyForcibly() : process.get().destroy();
            if (sent) return 0;
        } catch (IllegalStateException ownProcess) {
            return others.kill(pid, signal); // ProcessHandle refuses to signal this JVM; kill(2) does not
        }
        // not sent: it exited (or its pid was reused) in between, or kill(2) itself failed; libc tells which
        return process.get().isAlive() ? others.kill(pid, signal) : ESRCH;
    }
}
