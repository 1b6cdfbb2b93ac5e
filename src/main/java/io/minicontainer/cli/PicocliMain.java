package io.minicontainer.cli;

import io.minicontainer.diag.UserError;
import io.minicontainer.timing.Timing;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/**
 * The command lines the picocli-free parsers decline ({@link FastRunArgs}, {@link FastOciArgs},
 * {@link FastQuickArgs}): picocli's tree, help, and the usage errors. Kept out of {@link Main}: verifying
 * a class that passes picocli's model types around loads them, and picocli (compiled for Java 5) is
 * not in the class-data archive, so every `run` would search the class path for it, opening the 9 jars
 * before picocli's (measured: 3 picocli classes and 9 jars opened before `main`, on every `run`).
 */
final class PicocliMain {
    private static final String QUICK_SECTION = "quickForm";

    private PicocliMain() {}

    static int run(String... args) {
        CommandLine cli = new CommandLine(new RootCommand());
        Verbs.Verb verb = Dispatch.plainVerb(cli.getCommandSpec(), args);
        boolean oneVerb = verb != null && !verb.needsFullTree();
        if (oneVerb) cli.addSubcommand(verb.command());
        else Verbs.addAll(cli);
        configure(cli);
        if (args.length == 0) {
            cli.usage(cli.getErr());
            return ExitCode.USAGE;
        }
        String unknown = oneVerb ? null : Dispatch.unknownVerb(cli, args);
        if (unknown != null) {
            cli.getErr().println("mini-container: " + unknown);
            cli.getErr().println("Try 'mini-container --help' for usage.");
            cli.getErr().flush();
            return ExitCode.USAGE;
        }
        Timing.mark(oneVerb ? "picocli CommandLine built (one verb)" : "picocli CommandLine built");
        return cli.execute(oneVerb ? args : Dispatch.route(cli, args));
    }

    /** The full tree, every verb registered (what `--help`, completion and the quick form see). */
    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new RootCommand());
        Verbs.addAll(cli);
        return configure(cli);
    }

    /** Handlers and help settings; after the verbs are added, as picocli applies them to the subcommands present. */
    private static CommandLine configure(CommandLine cli) {
        // every verb answers -h/--help (`run --help` must not be "unknown option"), with its own synopsis
        for (CommandLine verb : cli.getSubcommands().values()) {
            // an unsupported verb must fail on --help too (a 0 exit tells podman it is supported)
            if (!(verb.getCommand() instanceof UnsupportedCommand)) verb.getCommandSpec().mixinStandardHelpOptions(true);
            // exec ID CMD ARGS...: everything after the id belongs to the command (runc's rule)
            if (verb.getCommand() instanceof ExecCommand) verb.setStopAtPositional(true);
            hideRefusedGlobalOptions(verb);
        }
        cli.setParameterExceptionHandler((ex, args) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            err.println("mini-container: " + ex.getMessage());
            err.flush();
            logOnly(ex.getCommandLine(), ex.getMessage());
            err.println("Try '" + helpCommand(ex.getCommandLine()) + " --help' for usage.");
            return ExitCode.USAGE;
        });
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            commandLine.getErr().println("mini-container: internal error: " + ex);
            return ex instanceof UserError ? ExitCode.INVALID_INPUT : ExitCode.INTERNAL;
        });
        if (cli.getSubcommands().containsKey(Dispatch.QUICK)) addQuickFormToHelp(cli);
        return cli;
    }

    /**
     * A refused global option (accepted only to say it is refused) is listed once, in the top-level help: a verb
     * inherits it (so that `VERB --systemd-cgroup` is refused too), but its help does not repeat it.
     */
    private static void hideRefusedGlobalOptions(CommandLine verb) {
        CommandLine.Model.CommandSpec spec = verb.getCommandSpec();
        CommandLine.Model.OptionSpec refused = spec.findOption("--systemd-cgroup");
        if (refused == null || refused.hidden()) return;
        spec.remove(refused);
        spec.addOption(refused.toBuilder().hidden(true).build());
    }

    /** The hidden "quick" verb is how the quick form is parsed; users never type it, so help names the form. */
    private static String helpCommand(CommandLine cl) {
        String name = cl.getCommandSpec().qualifiedName();
        return name.endsWith(" " + Dispatch.QUICK) ? "mini-container" : name;
    }

    /** `mini-container --help` shows the quick form and its options before the list of verbs. */
    private static void addQuickFormToHelp(CommandLine cli) {
        CommandLine quick = cli.getSubcommands().get(Dispatch.QUICK);
        cli.getHelpSectionMap().put(QUICK_SECTION, help -> {
            CommandLine.Help q = quick.getHelp();
            List<CommandLine.Model.OptionSpec> own = quick.getCommandSpec().options().stream()
                    .filter(o -> !o.inherited() && !o.usageHelp() && !o.versionHelp()).toList();
            return String.format("%nQuick form options:%n")
                    + q.optionListExcludingGroups(own, q.createDefaultLayout(), null, q.parameterLabelRenderer());
        });
        List<String> keys = new ArrayList<>(cli.getHelpSectionKeys());
        keys.add(keys.indexOf(CommandLine.Model.UsageMessageSpec.SECTION_KEY_COMMAND_LIST_HEADING), QUICK_SECTION);
        cli.setHelpSectionKeys(keys);
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
