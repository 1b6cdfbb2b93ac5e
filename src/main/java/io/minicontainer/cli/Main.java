package io.minicontainer.cli;

import io.minicontainer.errors.UserError;
import java.io.PrintWriter;
import picocli.CommandLine;

/** Entry point: picocli for the verbs; bad command lines exit with ExitCode.USAGE and one line, no trace. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static int run(String... args) {
        CommandLine cli = commandLine();
        return cli.execute(args);
    }

    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new RootCommand());
        cli.setParameterExceptionHandler((ex, args) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            err.println("mini-container: " + ex.getMessage());
            err.flush();
            logOnly(ex.getCommandLine(), ex.getMessage());
            err.println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help' for usage.");
            return ExitCode.USAGE;
        });
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            commandLine.getErr().println("mini-container: internal error: " + ex);
            return ex instanceof UserError ? ExitCode.INVALID_INPUT : ExitCode.INTERNAL;
        });
        return cli;
    }

    /** Usage errors go to --log too (conmon shows the last error from it), when the global options were parsed. */
    private static void logOnly(CommandLine failed, String message) {
        CommandLine root = failed;
        while (root.getParent() != null) root = root.getParent();
        if (root.getCommand() instanceof RootCommand r && r.global != null && r.global.log != null) {
            new ErrorReporter(r.global, new java.io.PrintStream(java.io.OutputStream.nullOutputStream())).error(message);
        }
    }
}
