package io.minicontainer.oci;

import io.minicontainer.spec.Spec;
import io.minicontainer.state.ProcStat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * After `start` released the container: waits until its process has exec'd the user's program, i.e.
 * its comm is no longer the helper's ("memfd:mc-helper", kept by a zombie too), so poststart runs
 * after the exec and a failed startContainer hook (the process dies before exec) fails `start`.
 * Used only when hooks exist. A process already reaped cannot be told apart: counted as exec'd.
 */
final class ExecWatch {
    private static final String HELPER_COMM = "memfd:mc-helper";
    private static final long SLACK_MS = 5_000;
    private static final long PER_HOOK_WITHOUT_TIMEOUT_MS = 60_000;

    private ExecWatch() {}

    /** How long the startContainer hooks may take, plus slack for the exec itself. */
    static long limit(List<Spec.Hook> startContainer) {
        long ms = SLACK_MS;
        if (startContainer != null) {
            for (Spec.Hook h : startContainer) ms += h.timeout() == null ? PER_HOOK_WITHOUT_TIMEOUT_MS : h.timeout() * 1000L;
        }
        return ms;
    }

    /** True once the process exec'd (or we cannot tell any more); false if it died before. */
    static boolean awaitExec(int pid, long startTime, long limitMs) {
        long deadline = System.currentTimeMillis() + limitMs;
        Path comm = Path.of("/proc", Integer.toString(pid), "comm");
        while (System.currentTimeMillis() < deadline) {
            Optional<ProcStat> stat = ProcStat.read(pid);
            if (stat.isEmpty() || stat.get().startTime() != startTime) return true;
            try {
                if (!Files.readString(comm).strip().equals(HELPER_COMM)) return true;
            } catch (IOException e) {
                return true;
            }
            if (stat.get().isZombie()) return false;
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return true;
            }
        }
        return true; // still in its hooks: poststart and start go on (runc's start does not wait at all)
    }
}
