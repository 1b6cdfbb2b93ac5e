package io.minicontainer.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "pause", description = "Freeze every process of a running container (freezer cgroup).")
final class PauseCommand extends ContainerCommand {
    @Parameters(paramLabel = "ID", description = IdHelp.EXISTING) String id;

    @Override
    protected int execute() throws Exception {
        ops().pause(id);
        return ExitCode.OK;
    }
}
