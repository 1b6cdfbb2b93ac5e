package io.minicontainer.cli;

import io.minicontainer.exec.Launch;
import io.minicontainer.plan.HostStep;
import io.minicontainer.spec.Spec;
import io.minicontainer.state.ContainerState;
import io.minicontainer.state.ProcStat;
import io.minicontainer.state.StateStore;
import java.io.IOException;
import java.time.Instant;

/**
 * `run` records a state like create's, so that `state`, `list`, `ps` and `kill` see a foreground
 * container too. `run` itself still owns its life: it waits, cleans up and removes the directory.
 * Hooks are not recorded: `run` runs them itself (RunHooks), no later verb does.
 */
final class RunState {
    private RunState() {}

    static void record(StateStore store, Launch launch, Spec spec, String bundleAsGiven) throws IOException {
        int pid = launch.pid();
        long start = ProcStat.read(pid).map(ProcStat::startTime).orElse(0L);
        store.write(new ContainerState(VersionProvider.SPEC_VERSION, launch.plan().containerId(), ContainerState.RUNNING, pid,
                bundleAsGiven, spec.annotations(), launch.plan().rootfs(), Instant.now().toString(), start,
                launch.containerCgroupDirs(), launch.plan().cleanup().stream().map(HostStep.CgroupRemove::dir).toList(),
                null, null, false));
    }
}
