package io.minicontainer.cli;

import io.minicontainer.oci.OciState;
import io.minicontainer.state.ContainerState;
import io.minicontainer.state.StateStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "state", description = "Print the container's OCI state as JSON; the status is checked live.")
final class StateCommand extends ContainerCommand {
    @Parameters(paramLabel = "ID", description = IdHelp.EXISTING) String id;

    @Override
    protected int execute() throws Exception {
        StateStore store = store();
        ContainerState s = store.require(id);
        // ContainerOps.status without a ContainerOps: building one (a Syscalls, a warning sink: 7 more classes) cost `state`
        // 0.53 M instructions of 47 M (callgrind) and 0.3-0.5 ms of main-thread CPU after main (61 A/B pairs, three runs;
        // docs/STARTUP.md, "readverbs")
        System.out.println(OciState.pretty(s, store.status(s)));
        return ExitCode.OK;
    }
}
