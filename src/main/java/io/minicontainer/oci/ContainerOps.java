package io.minicontainer.oci;

import io.minicontainer.diag.RuntimeFailure;
import io.minicontainer.diag.UserError;
import io.minicontainer.exec.CgroupCleaner;
import io.minicontainer.exec.CgroupException;
import io.minicontainer.exec.CgroupStats;
import io.minicontainer.exec.Errno;
import io.minicontainer.ffi.Signals;
import io.minicontainer.ffi.Syscalls;
import io.minicontainer.plan.HostStep;
import io.minicontainer.spec.Spec;
import io.minicontainer.state.ContainerLock;
import io.minicontainer.state.ContainerState;
import io.minicontainer.state.ProcStat;
import io.minicontainer.state.SafeFiles;
import io.minicontainer.state.StateStore;
import io.minicontainer.state.StateTrust;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The verbs after create. Each takes the container's lock for its whole duration, reads the state,
 * works out the live status, and refuses (changing nothing) when the status does not allow it.
 */
public final class ContainerOps {
    private static final long GONE_WAIT_MS = 5_000;

    private final StateStore store;
    private final Syscalls syscalls;
    private final Consumer<String> warn;

    public ContainerOps(StateStore store, Syscalls syscalls, Consumer<String> warn) {
        this.store = store;
        this.syscalls = syscalls;
        this.warn = warn;
    }

    /** The container's lock; for an unknown id the lock file is removed again and the verb fails. */
    public ContainerLock lockExisting(String id) throws IOException {
        ContainerLock lock = store.lock(StateStore.requireValidId(id));
        if (store.exists(id)) return lock;
        try (lock) {
            lock.retire();
        }
        throw new UserError("container '" + id + "' does not exist (in " + store.root() + ")");
    }

    /** Removes the lock file of an id whose directory is gone (after `run`, which does not lock). */
    public void forgetLockIfGone(String id) throws IOException {
        try (ContainerLock lock = store.lock(StateStore.requireValidId(id))) {
            if (!store.exists(id)) lock.retire();
        }
    }

    /**
     * {@link #forgetLockIfGone} at the end of a foreground run or quick form: best effort, so a failure (the lock
     * held past its wait, an odd lock file) is a warning and never replaces the container's status or the run's
     * own error, as it did from their {@code finally}.
     */
    public void forgetLockAfterRun(String id) {
        try {
            if (java.nio.file.Files.exists(store.lockFile(id))) forgetLockIfGone(id);
        } catch (IOException | RuntimeException e) {
            warn.accept("cannot remove the lock file of " + id + " (`delete` does, later): " + e.getMessage());
        }
    }

    public String status(ContainerState s) { return store.status(s); }

    /**
     * Releases the process waiting on the exec fifo. The container process then runs its
     * startContainer hooks itself and execs; poststart runs once it has exec'd (the spec: after the
     * user's program is executed, before start returns).
     */
    public void start(String id) throws IOException {
        try (ContainerLock lock = lockExisting(id)) {
            ContainerState s = store.require(id);
            String status = status(s);
            if (!ContainerState.CREATED.equals(status)) {
                throw new UserError("container '" + id + "' is " + status + ": only a created container can be started");
            }
            Path fifo = store.execFifo(id);
            // Rename first: once the fifo is gone the container counts as started, so a start killed halfway
            // can never be repeated (a second byte would go nowhere, and state would say created forever).
            Path releasing = fifo.resolveSibling(fifo.getFileName() + ".releasing");
            SafeFiles.rename(fifo, releasing);
            // O_RDWR never blocks on a fifo; the container reads the byte through its own open descriptor. No O_CREAT: a
            // fifo gone meanwhile fails the start instead of a regular file taking the byte. (A FileChannel, as the
            // lock's, is already linked.)
            try (FileChannel f = FileChannel.open(releasing, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                f.write(ByteBuffer.wrap(new byte[] {'0'}));
            } finally {
                if (!releasing.toFile().delete()) Files.deleteIfExists(releasing); // the latter only to say why not
            }
            // state.json is not rewritten: its status is read only for "creating" (LiveStatus: a created container is
            // running once its fifo is gone). With the fifo's rename and write below, `start` ran 53.9 -> 49.1 million
            // instructions (callgrind, the whole JVM; the empty JVM runs 33.2): docs/STARTUP.md, "lockverbs".
            Spec.Hooks hooks = s.hooks();
            if (hooks == null) return; // the record has none (hooksOrEmpty() built an empty Hooks only to find that)
            s = s.withStatus(ContainerState.RUNNING);
            boolean anyHooks = any(hooks.startContainer()) || any(hooks.poststart());
            if (anyHooks && !ExecWatch.awaitExec(s.pid(), s.pidStartTime(), ExecWatch.limit(hooks.startContainer()))) {
                throw new RuntimeFailure("container '" + id + "' stopped before it executed its program: a startContainer"
                        + " hook failed (its message is on the container's stderr)");
            }
            if (any(hooks.poststart())) { // the state document only for a hook: ~0.4 ms of every start (docs/STARTUP.md, "verbs")
                for (String problem : HookRunner.runAllCollecting("poststart", hooks.poststart(), OciState.text(s, ContainerState.RUNNING))) {
                    warn.accept(problem);
                }
            }
        }
    }

    /** kill(2) to the container's process; only a created, running or paused container. */
    public void kill(String id, int signal) throws IOException {
        try (ContainerLock lock = lockExisting(id)) {
            ContainerState s = store.require(id);
            String status = status(s);
            if (!Set.of(ContainerState.CREATED, ContainerState.RUNNING, ContainerState.PAUSED).contains(status)) {
                throw new UserError("container '" + id + "' is " + status + ": there is no process to signal");
            }
            int errno = syscalls.kill(s.pid(), signal);
            if (errno == Errno.ESRCH) throw new UserError("container '" + id + "' is stopped: there is no process to signal");
            if (errno != 0) throw new RuntimeFailure("kill " + s.pid() + " signal " + signal + ": " + Errno.name(errno));
        }
    }

    /** Removes a stopped container; with {@code force}, kills it first whatever its status. */
    public void delete(String id, boolean force) throws IOException {
        StateStore.requireValidId(id);
        boolean noRoot = !Files.exists(store.root(), java.nio.file.LinkOption.NOFOLLOW_LINKS);
        if (force && (noRoot || Files.isDirectory(store.root()) && !store.exists(id))) {
            // runc exits 0 here: podman calls it after every failed create, the containerd shim after every delete
            // (a root that is not a directory still fails below, as every verb does)
            if (!noRoot) forgetGoneLock(id);
            return;
        }
        try (ContainerLock lock = lockExisting(id)) {
            Optional<ContainerState> read;
            try {
                read = store.read(id);
            } catch (StateTrust.Untrusted untrusted) {
                throw untrusted; // a record we did not write names nothing we may kill, run or remove
            } catch (IOException | RuntimeException unreadable) {
                if (!force) throw new RuntimeFailure("container '" + id + "': state.json is unreadable (" + unreadable.getMessage()
                        + "); delete --force removes it");
                // A torn state file must not make the id undeletable; its cgroups are unknown, so say so.
                warn.accept("state of '" + id + "' is unreadable; removing it without its cgroups or process: "
                        + unreadable.getMessage());
                store.deleteDir(id);
                lock.retire();
                return;
            }
            if (read.isEmpty()) {
                // create died between making the directory and the first state record: nothing else exists yet
                if (!force) throw new UserError("container '" + id + "' is creating: use delete --force");
                store.deleteDir(id);
                lock.retire();
                return;
            }
            ContainerState s = read.get();
            String status = status(s);
            if (!ContainerState.STOPPED.equals(status) && !force) {
                throw new UserError("container '" + id + "' is " + status + ": stop it first (kill), or use delete --force");
            }
            removeEverything(s, ContainerState.CREATING.equals(s.status()) && force);
            lock.retire();
            if (any(s.hooksOrEmpty().poststop())) { // as in start
                for (String problem : HookRunner.runAllCollecting("poststop", s.hooksOrEmpty().poststop(), OciState.text(s, ContainerState.STOPPED))) {
                    warn.accept("poststop hook failed (the container is deleted anyway): " + problem);
                }
            }
        }
    }

    /**
     * {@link #forgetLockIfGone} for `delete --force` of an id without a directory. Without a lock file it made one only
     * to lock and remove it again (the first FileChannel, fcntl, the pid written): the root's trust check, which it made
     * first, is all that is left of it then. 46.5 -> 40.9 M instructions, callgrind over the whole JVM, the empty one
     * 33.2 (docs/STARTUP.md, "deleteverb"). A lock file (a regular one, or anything else there, which the lock refuses)
     * still goes through the lock: a verb may hold it.
     */
    private void forgetGoneLock(String id) throws IOException {
        StateTrust.requireTrustedRoot(store.root());
        if (Files.exists(store.lockFile(id), java.nio.file.LinkOption.NOFOLLOW_LINKS)) forgetLockIfGone(id);
    }

    private static boolean any(List<Spec.Hook> hooks) { return hooks != null && !hooks.isEmpty(); }

    /** {@code torn}: a create or run killed halfway; what is found and removed is said (warnings). */
    private void removeEverything(ContainerState s, boolean torn) throws IOException {
        // Thaws, SIGKILLs and waits for everything in the cgroups: the container may be frozen, or
        // the recorded pid may not be known yet (create died just after clone).
        List<String> dirs = s.cgroupCleanup() == null ? List.of() : s.cgroupCleanup();
        // Loops, not streams: their lambdas were `delete`'s first, ~10 ms of a quiet `delete --force` (docs/STARTUP.md, "verbs").
        // Which of them exist is looked up only for the warning of a torn create: twelve stats on every delete otherwise
        // (with CgroupCleaner's rmdir first: 56.5 -> 53.5 M instructions; docs/STARTUP.md, "deleteverb").
        List<String> present = new java.util.ArrayList<>();
        List<HostStep.CgroupRemove> cleanup = new java.util.ArrayList<>();
        for (String d : dirs) {
            if (torn && Files.isDirectory(Path.of(d))) present.add(d);
            cleanup.add(new HostStep.CgroupRemove(d, List.of()));
        }
        List<CgroupException> failures = CgroupCleaner.remove(cleanup);
        boolean alive = s.pid() > 0 && ProcStat.isAlive(s.pid(), s.pidStartTime());
        if (alive) {
            syscalls.kill(s.pid(), Signals.SIGKILL); // what it returns is moot: awaitGone below tells whether it went
            awaitGone(s);
        }
        if (torn) {
            List<String> removed = new java.util.ArrayList<>();
            if (alive) removed.add("process " + s.pid());
            for (String d : present) if (!Files.exists(Path.of(d))) removed.add("cgroup " + d);
            warn.accept("'" + s.id() + "' was left halfway by a killed create/run; removed "
                    + (removed.isEmpty() ? "nothing else (no cgroup or process was left)" : String.join(", ", removed))
                    + " and its state dir");
        }
        if (!failures.isEmpty()) {
            throw new RuntimeFailure("cannot remove the cgroups of '" + s.id() + "': "
                    + String.join("; ", failures.stream().map(Throwable::getMessage).toList()) + " (the state is kept: retry delete --force)");
        }
        store.deleteDir(s.id());
    }

    /** A zombie counts as gone: its parent (conmon, or init) reaps it, not us. */
    private static void awaitGone(ContainerState s) {
        long deadline = System.currentTimeMillis() + GONE_WAIT_MS;
        while (ProcStat.isAlive(s.pid(), s.pidStartTime())) {
            if (System.currentTimeMillis() > deadline) {
                throw new RuntimeFailure("container process " + s.pid() + " still alive " + GONE_WAIT_MS + " ms after SIGKILL");
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    public void pause(String id) throws IOException { setPaused(id, true); }

    public void resume(String id) throws IOException { setPaused(id, false); }

    private void setPaused(String id, boolean pause) throws IOException {
        try (ContainerLock lock = lockExisting(id)) {
            ContainerState s = store.require(id);
            String status = status(s);
            String needed = pause ? ContainerState.RUNNING : ContainerState.PAUSED;
            if (!needed.equals(status)) {
                throw new UserError("container '" + id + "' is " + status + ": only a " + needed + " container can be "
                        + (pause ? "paused" : "resumed"));
            }
            try {
                if (pause) CgroupStats.freeze(s.cgroupDirs()); else CgroupStats.thaw(s.cgroupDirs());
            } catch (IOException e) {
                throw new RuntimeFailure((pause ? "pause" : "resume") + " '" + id + "': " + e.getMessage(), e);
            }
            store.writePaused(s, pause);
        }
    }
}
