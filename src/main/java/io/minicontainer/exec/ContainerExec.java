package io.minicontainer.exec;

import io.minicontainer.plan.Plan;
import io.minicontainer.state.SafeFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * `exec`'s two ways to run an exec plan (no host steps, nothing to clean up on the host: the process lives
 * in the container's cgroups, which delete removes). The helper's socket is in a private temporary dir.
 */
public final class ContainerExec {
    private ContainerExec() {}

    /** Waits for the process, forwarding INT/TERM/HUP/...; returns its status as a shell reports it. */
    public static int foreground(Plan plan, Path stateRoot, TraceSink trace) throws IOException {
        Path dir = Files.createTempDirectory(stateRoot, ".exec-");
        ForegroundRun.SignalRelay relay = ForegroundRun.SignalRelay.install();
        try (Launch launch = Launch.start(plan, dir, false, Launch.Stdio.INHERIT, trace)) {
            relay.attach(launch);
            launch.awaitReadyOrExec();
            return launch.awaitExit().shellStatus();
        } finally {
            ForegroundRun.deleteTree(dir);
        }
    }

    /**
     * Returns once the process has exec'd; the helper exits then, so the process is reparented to the
     * nearest subreaper (conmon, the containerd shim) or init, which reaps it.
     */
    public static int detached(Plan plan, Path stateRoot, TraceSink trace, Path pidFile) throws IOException {
        Path dir = Files.createTempDirectory(stateRoot, ".exec-");
        try (Launch launch = Launch.start(plan, dir, true, Launch.Stdio.INHERIT, trace)) {
            launch.awaitReadyOrExec();
            launch.waitForHelper();
            if (pidFile != null) {
                SafeFiles.writeAtomically(pidFile, Integer.toString(launch.pid()).getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                        SafeFiles.OWNER_RW_ALL_R);
            }
            return 0;
        } finally {
            ForegroundRun.deleteTree(dir);
        }
    }
}
