package io.minicontainer.state;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The status `state` reports, worked out from the host, not from whichever verb ran last: the
 * container exits on its own, and nobody tells the runtime.
 */
public final class LiveStatus {
    private LiveStatus() {}

    public static String of(ContainerState s, Path execFifo) {
        if (ContainerState.CREATING.equals(s.status())) return ContainerState.CREATING;
        if (!ProcStat.isAlive(s.pid(), s.pidStartTime())) return ContainerState.STOPPED;
        if (s.paused()) return ContainerState.PAUSED;
        // create leaves the fifo for start to write into; start deletes it.
        return Files.exists(execFifo) ? ContainerState.CREATED : ContainerState.RUNNING;
    }
}
