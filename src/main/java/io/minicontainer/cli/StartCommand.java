package io.minicontainer.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "start", description = "Release a created container: it execs process.args (OCI runtime start).")
final class StartCommand extends ContainerCommand {
    @Parameters(paramLabel = "ID", description = IdHelp.EXISTING) String id;

    @Override
    protected int execute() throws Exception {
        ops().start(id);
        return ExitCode.OK;
    }
}
