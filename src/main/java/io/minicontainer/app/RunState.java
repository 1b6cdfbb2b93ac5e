package io.minicontainer.app;

import io.minicontainer.exec.Launch;
import io.minicontainer.exec.Timestamps;
import io.minicontainer.plan.HookSteps;
import io.minicontainer.plan.Plan;
import io.minicontainer.spec.Spec;
import io.minicontainer.state.ContainerState;
import io.minicontainer.state.ProcStat;
import io.minicontainer.state.StateStore;
import java.io.IOException;
import java.nio.file.Path;

/**
 * `run` records a state like create's, so that `state`, `list`, `ps` and `kill` see a foreground
 * container too, and so that `delete --force` can undo a `run` killed at any moment: the
 * {@code creating} record with the cgroup cleanup list is written before the first host step.
 * `run` itself still owns its life: it waits, cleans up and removes the directory.
 * Hooks are not recorded: `run` runs them itself (RunHooks), no later verb does.
 */
public final class RunState {
    private final StateStore store;
    private final ContainerState creating;

    private RunState(StateStore store, ContainerState creating) {
        this.store = store;
        this.creating = creating;
    }

    /**
     * Makes the container's directory (a taken id is a UserError, as for create) and records it as creating, with the
     * bundle directory as an absolute path (the runtime-spec's state.bundle), however it was given.
     */
    public static RunState recordCreating(StateStore store, Plan plan, Spec spec, String configText, java.nio.file.Path bundleDir) throws IOException {
        store.createDir(plan.containerId());
        ContainerState s = new ContainerState(HookSteps.OCI_VERSION, plan.containerId(), ContainerState.CREATING, 0,
                bundleDir.toAbsolutePath().normalize().toString(), spec.annotations(), plan.rootfs(), Timestamps.now(), 0, Launch.containerCgroupDirs(plan),
                Launch.cleanupDirs(plan), null, false);
        try {
            store.write(s);
            store.writeConfig(plan.containerId(), configText);
        } catch (IOException | RuntimeException e) {
            store.deleteDir(plan.containerId());
            throw e;
        }
        return new RunState(store, s);
    }

    public Path dir() { return store.dir(creating.id()); }

    public void started(Launch launch) throws IOException {
        int pid = launch.pid();
        java.util.Optional<ProcStat> stat = ProcStat.read(pid);
        long start = stat.isPresent() ? stat.get().startTime() : 0L;
        store.write(creating.withPid(pid, start).withStatus(ContainerState.RUNNING));
    }
}
