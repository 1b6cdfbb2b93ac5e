package io.minicontainer.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "delete", description = "Remove a stopped container (cgroups, state); --force kills it first.")
final class DeleteCommand extends ContainerCommand {
    @Option(names = {"-f", "--force"}, description = "Kill a created or running container (SIGKILL), then delete it.")
    boolean force;

    @Parameters(paramLabel = "ID", description = IdHelp.EXISTING) String id;

    @Override
    protected int execute() throws Exception {
        ops().delete(id, force);
        return ExitCode.OK;
    }
}
