package io.minicontainer.cli;

import io.minicontainer.errors.UserError;
import java.io.PrintWriter;
import io.minicontainer.timing.Timing;
import picocli.CommandLine;

/** Entry point: picocli for the verbs; bad command lines exit with ExitCode.USAGE and one line, no trace. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static int run(String... args) {
        Timing.begin();
        RunCommand fast = FastRunArgs.parse(args);
        if (fast != null) {
            Timing.mark("run: arguments parsed without picocli");
            return fast.call();
        }
        CommandLine cli = commandLine();
        Timing.mark("picocli CommandLine built");
        return cli.execute(args);
    }

    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new RootCommand());
        cli.setParameterExceptionHandler((ex, args) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            err.println("mini-container: " + ex.getMessage());
            err.println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help' for usage.");
            return ExitCode.USAGE;
        });
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            commandLine.getErr().println("mini-container: internal error: " + ex);
            return ex instanceof UserError ? ExitCode.INVALID_INPUT : ExitCode.INTERNAL;
        });
        return cli;
    }
}
