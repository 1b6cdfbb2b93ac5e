package io.minicontainer.oci;

import io.minicontainer.diag.RuntimeFailure;
import io.minicontainer.exec.CrashPoints;
import io.minicontainer.exec.Launch;
import io.minicontainer.exec.Timestamps;
import io.minicontainer.exec.TraceSink;
import io.minicontainer.plan.HookSteps;
import io.minicontainer.plan.Plan;
import io.minicontainer.spec.Spec;
import io.minicontainer.state.ContainerState;
import io.minicontainer.state.ProcStat;
import io.minicontainer.state.SafeFiles;
import io.minicontainer.state.StateStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * `create`: sets the container up to the point just before exec and returns, leaving only the
 * container process behind, blocked on its exec fifo. The JVM exits afterwards, so the container's
 * stdio (inherited) is held by nothing of ours.
 *
 * <p>Crash safety: a state record with status {@code creating} and the cgroup cleanup list is on
 * disk before the first host step, so `delete --force` can undo a create killed at any point:
 * the container process is born inside its cgroups and goes with them.
 *
 * <p>Hooks: prestart and createRuntime run here, on the host, while the container process waits in
 * its hook pause before pivot_root (see plan.HookSteps); createContainer and startContainer are
 * steps of the container process itself.
 */
public final class ContainerCreator {
    private final StateStore store;
    private final TraceSink trace;
    private final Consumer<String> warn;

    public ContainerCreator(StateStore store, TraceSink trace, Consumer<String> warn) {
        this.store = store;
        this.trace = trace;
        this.warn = warn;
    }

    /** Create-time hooks with the container's state; a class, not a lambda: linking one costs every cold create. */
    private record CreateHooks(ContainerState state, Consumer<String> warn) implements io.minicontainer.exec.HostHooks {
        @Override
        public void run(io.minicontainer.plan.HostStep.RunHook hook, int pid) {
            for (String warning : HookRunner.run(hook, OciState.text(state, hook.status()))) warn.accept(warning);
        }
    }

    /** The caller holds the container's lock and has checked the id is free. state.bundle is bundleDir made absolute. */
    public void create(String id, Path bundleDir, Plan plan, Spec spec, String configText, Path pidFile)
            throws IOException {
        store.createDir(id);
        ContainerState state = new ContainerState(HookSteps.OCI_VERSION, id, ContainerState.CREATING, 0,
                bundleDir.toAbsolutePath().normalize().toString(),
                spec.annotations(), plan.rootfs(), Timestamps.now(), 0, Launch.containerCgroupDirs(plan),
                Launch.cleanupDirs(plan), spec.hooks(), false);
        Launch launch = null;
        boolean created = false;
        try {
            store.write(state);
            store.writeConfig(id, configText);
            CrashPoints.reach("state-written");
            launch = Launch.start(plan, store.dir(id), true, Launch.Stdio.INHERIT, trace);
            int pid = launch.pid();
            java.util.Optional<ProcStat> stat = ProcStat.read(pid); // no lambdas on create's path: each costs a cold start
            if (stat.isEmpty()) throw new RuntimeFailure("the container process " + pid + " died right after clone");
            long startTime = stat.get().startTime();
            state = state.withPid(pid, startTime);
            store.write(state);
            CrashPoints.reach("pid-reported");
            launch.awaitReadyOrExec(new CreateHooks(state, warn));
            launch.waitForHelper(); // detached: the helper exits right after READY
            CrashPoints.reach("ready");
            CrashPoints.reach("hooks-done");
            state = state.withStatus(ContainerState.CREATED);
            store.write(state);
            if (pidFile != null) writePidFile(pidFile, pid);
            created = true;
        } finally {
            if (launch != null) launch.close();
            if (!created) undo(id, launch, state);
        }
    }

    /** After a failure: kill what was started, remove the cgroups and the state directory. */
    private void undo(String id, Launch launch, ContainerState state) {
        try {
            if (launch != null) launch.cleanup();
        } catch (RuntimeFailure e) {
            warn.accept(e.getMessage());
        }
        if (state.pid() > 0 && ProcStat.isAlive(state.pid(), state.pidStartTime())) {
            ProcessHandle.of(state.pid()).ifPresent(ProcessHandle::destroyForcibly);
        }
        if (state.pid() > 0) {
            // the spec: after a failed create-time hook the lifecycle goes on at destroy, then poststop
            for (String problem : HookRunner.runAllCollecting("poststop", state.hooksOrEmpty().poststop(),
                    OciState.text(state, ContainerState.STOPPED))) {
                warn.accept("poststop hook failed: " + problem);
            }
        }
        try {
            store.deleteDir(id);
        } catch (IOException e) {
            warn.accept("cannot remove " + store.dir(id) + ": " + e.getMessage());
        }
    }

    /**
     * Written atomically (conmon reads it as soon as create returns) through a temporary made with
     * O_EXCL|O_NOFOLLOW: whoever can write the pid file's directory cannot make us write elsewhere.
     */
    public static void writePidFile(Path pidFile, int pid) throws IOException {
        SafeFiles.writeAtomically(pidFile, Integer.toString(pid).getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                SafeFiles.OWNER_RW_ALL_R);
    }
}
