package io.minicontainer.cli;

import io.minicontainer.diag.UserError;
import io.minicontainer.ffi.Signals;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "kill", description = "Send a signal (number, NAME or SIGNAME; default TERM) to a created or running container.")
final class KillCommand extends ContainerCommand {
    @Parameters(index = "0", paramLabel = "ID", description = IdHelp.EXISTING) String id;

    @Parameters(index = "1", arity = "0..1", paramLabel = "SIGNAL", defaultValue = "TERM") String signal;

    @Option(names = {"-a", "--all"}, description = "Accepted for runc compatibility; the signal goes to the container's init.")
    boolean all;

    @Override
    protected int execute() throws Exception {
        ops().kill(id, signalNumber(signal));
        return ExitCode.OK;
    }

    /**
     * The spellings podman and the containerd shim send for TERM and KILL are read here; anything else by
     * {@link Signals#parse}. It once cost a cold `kill` a first regex and a first lambda (+4.3 ms of CPU, 31 A/B pairs);
     * it has neither now, but Signals is one more class, and the archive workload does not load it: `kill ID USR2`
     * 1.38x the empty JVM against 1.21x for TERM (25 A/B pairs, docs/STARTUP.md "verbs"). KillSignalTest: the same
     * numbers as Signals.parse.
     */
    static int signalNumber(String signal) {
        switch (signal) {
            case "TERM", "SIGTERM", "15" -> { return 15; }
            case "KILL", "SIGKILL", "9" -> { return 9; }
            default -> {
                Optional<Integer> parsed = Signals.parse(signal);
                if (parsed.isEmpty()) throw new UserError("unknown signal '" + signal + "': use a number, a name like TERM, or SIGTERM");
                return parsed.get();
            }
        }
    }
}
