package io.minicontainer.exec;

import io.minicontainer.cgroup.CgroupPaths;
import io.minicontainer.ffi.Signals;
import io.minicontainer.ffi.Syscalls;
import io.minicontainer.plan.HostStep.CgroupRemove;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Removes a container's cgroups: kills what is left inside, waits for it to go, rmdirs. Never
 * throws for a single directory; the failures are returned so that the caller can report them
 * next to whatever error made it clean up.
 */
public final class CgroupCleaner {
    private static final long EMPTY_WAIT_MS = 2_000, POLL_MS = 20;
    private static final int RMDIR_ATTEMPTS = 5;
    private static final long RMDIR_RETRY_MS = 50;

    private CgroupCleaner() {}

    /**
     * Entries that are ancestors of other entries are parents we may share with other containers:
     * no process in them is touched and EBUSY/ENOTEMPTY there is not a failure.
     */
    public static List<CgroupException> remove(List<CgroupRemove> cleanup) {
        List<String> dirs = CgroupRemove.dirs(cleanup);
        List<CgroupException> failures = new ArrayList<>();
        // A frozen task cannot act on SIGKILL, and the freezer may come after the hierarchy we empty first.
        for (String dir : dirs) {
            if (!CgroupPaths.isAncestorOfAny(dir, dirs)) thaw(dir);
        }
        for (CgroupRemove step : cleanup) {
            boolean parent = CgroupPaths.isAncestorOfAny(step.dir(), dirs);
            try {
                if (parent) removeSharedParent(step);
                else removeContainerDir(step);
            } catch (CgroupException e) {
                failures.add(e);
            }
        }
        return failures;
    }

    /**
     * True for an entry {@link #remove} treats as a parent shared with other containers (an ancestor of
     * another entry); the supervisor's cleanup (exec/HandoffData) applies the same rule from this answer.
     */
    public static boolean isSharedParent(String dir, List<CgroupRemove> cleanup) {
        return CgroupPaths.isAncestorOfAny(dir, CgroupRemove.dirs(cleanup));
    }

    /** After a failed apply: remove only the directories that apply created, never someone else's cgroup. */
    public static List<CgroupException> remove(List<CgroupRemove> cleanup, Collection<String> createdDirs) {
        return remove(cleanup.stream().filter(r -> createdDirs.contains(r.dir())).toList());
    }

    private static void removeContainerDir(CgroupRemove step) throws CgroupException {
        String dir = step.dir();
        if (!Files.isDirectory(Path.of(dir))) return; // already gone: cleanup must be repeatable
        String procs = CgroupPaths.join(dir, "cgroup.procs");
        try {
            killAll(step, procs);
        } catch (CgroupException e) {
            throw e;
        } catch (IOException e) {
            throw new CgroupException(step, procs, CgroupFiles.reason(e), List.of(), e);
        }
        rmdir(step, dir);
    }

    private static void killAll(CgroupRemove step, String procs) throws IOException, CgroupException {
        long self = io.minicontainer.state.OwnPid.get(); // not ProcessHandle.current(): see OwnPid
        long deadline = System.currentTimeMillis() + EMPTY_WAIT_MS;
        // SIGKILLed tasks usually leave cgroup.procs within a millisecond or two: look again after 1 ms, doubling up
        // to POLL_MS. A first wait of the whole 20 ms made `delete --force` of a created container 2.08x the empty
        // JVM against 1.82x (bench/startup.sh, 21 pairs).
        long pollMs = 1;
        while (true) {
            List<Integer> pids = CgroupFiles.pids(procs);
            if (pids.isEmpty()) return;
            // Guard against a wrong directory (a hierarchy root, our own cgroup): never kill ourselves or init.
            if (pids.contains((int) self) || pids.contains(1)) {
                throw new CgroupException(step, procs, "refusing to kill: this cgroup holds the runtime itself or pid 1",
                        List.of(), null);
            }
            // ESRCH (gone meanwhile) and the rest are moot: the next look at cgroup.procs tells
            for (int pid : pids) Syscalls.lazy().kill(pid, Signals.SIGKILL);
            if (System.currentTimeMillis() > deadline) {
                throw new CgroupException(step, procs, "processes still present after SIGKILL: " + pids, List.of(), null);
            }
            sleep(pollMs);
            pollMs = Math.min(POLL_MS, pollMs * 2);
        }
    }

    private static void thaw(String dir) {
        try {
            String state = CgroupFiles.readOrNull(CgroupPaths.join(dir, "freezer.state"));
            if (state != null && !state.trim().equals("THAWED")) CgroupFiles.write(CgroupPaths.join(dir, "freezer.state"), "THAWED");
            if (CgroupFiles.readOrNull(CgroupPaths.join(dir, "cgroup.freeze")) != null) CgroupFiles.write(CgroupPaths.join(dir, "cgroup.freeze"), "0");
        } catch (IOException ignored) {
            // Best effort: if it stays frozen, the wait below reports the stuck processes.
        }
    }

    /** The kernel may still hold a just-emptied cgroup for a moment (EBUSY); retry briefly. */
    private static void rmdir(CgroupRemove step, String dir) throws CgroupException {
        for (int attempt = 1; ; attempt++) {
            try {
                Files.delete(Path.of(dir));
                return;
            } catch (NoSuchFileException e) {
                return;
            } catch (IOException e) {
                if (!CgroupFiles.isBusy(e) || attempt >= RMDIR_ATTEMPTS) {
                    throw new CgroupException(step, dir, CgroupFiles.reason(e), List.of(), e);
                }
                sleep(RMDIR_RETRY_MS);
            }
        }
    }

    private static void removeSharedParent(CgroupRemove step) throws CgroupException {
        String dir = step.dir();
        try {
            Files.delete(Path.of(dir));
        } catch (NoSuchFileException e) {
            // already gone
        } catch (IOException e) {
            if (!CgroupFiles.isBusy(e)) {
                throw new CgroupException(step, dir, CgroupFiles.reason(e), List.of(), e);
            }
            // Still in use by another container: it removes the parent when it is the last one.
        }
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
