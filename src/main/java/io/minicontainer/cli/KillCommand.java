package io.minicontainer.cli;

import io.minicontainer.diag.UserError;
import io.minicontainer.ffi.Signals;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "kill", description = "Send a signal (number, NAME or SIGNAME; default TERM) to a created or running container.")
final class KillCommand extends ContainerCommand {
    @Parameters(index = "0", paramLabel = "ID") String id;

    @Parameters(index = "1", arity = "0..1", paramLabel = "SIGNAL", defaultValue = "TERM") String signal;

    @Option(names = {"-a", "--all"}, description = "Accepted for runc compatibility; the signal goes to the container's init.")
    boolean all;

    @Override
    protected int execute() throws Exception {
        int signo = Signals.parse(signal).orElseThrow(() -> new UserError("unknown signal '" + signal + "': use a number, a name like TERM, or SIGTERM"));
        ops().kill(id, signo);
        return ExitCode.OK;
    }
}
