package io.minicontainer.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "resume", description = "Thaw a paused container.")
final class ResumeCommand extends ContainerCommand {
    @Parameters(paramLabel = "ID", description = IdHelp.EXISTING) String id;

    @Override
    protected int execute() throws Exception {
        ops().resume(id);
        return ExitCode.OK;
    }
}
