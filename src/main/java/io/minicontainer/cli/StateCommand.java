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
        System.out.println(OciState.pretty(s, ops().status(s)));
        return ExitCode.OK;
    }
}
