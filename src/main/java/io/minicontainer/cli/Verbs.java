package io.minicontainer.cli;

import java.util.List;
import picocli.CommandLine;

/**
 * The one list of verbs. The root command names none in its annotation so that a command line
 * naming one verb builds picocli's model of that verb only: picocli introspects every command
 * class it is given, and doing that for all of them was most of a cold {@code state}/{@code start}.
 * The full tree (root help, completion, the quick form, unknown verbs) adds them all, in this order.
 */
final class Verbs {
    /** A verb: its name and aliases (as in its {@code @Command}; VerbsTest checks), its class. */
    record Verb(String name, List<String> aliases, Class<?> command) {
        boolean answers(String word) { return name.equals(word) || aliases.contains(word); }

        /** completion prints the whole tree, so it must be given the whole tree. */
        boolean needsFullTree() { return command == CompletionCommand.class; }
    }

    static final List<Verb> ALL = List.of(
            verb("validate", ValidateCommand.class), verb("plan", PlanCommand.class), verb("run", RunCommand.class),
            verb("spec", SpecCommand.class), verb("completion", CompletionCommand.class),
            verb(Dispatch.QUICK, QuickCommand.class),
            verb("create", CreateCommand.class), verb("start", StartCommand.class), verb("state", StateCommand.class),
            verb("kill", KillCommand.class), verb("delete", DeleteCommand.class),
            new Verb("list", List.of("ls"), ListCommand.class), verb("ps", PsCommand.class),
            verb("pause", PauseCommand.class), verb("resume", ResumeCommand.class), verb("features", FeaturesCommand.class),
            verb("diff", DiffCommand.class), verb("audit", AuditCommand.class),
            verb("exec", ExecCommand.class), verb("update", UpdateCommand.class), verb("events", EventsCommand.class),
            verb("checkpoint", UnsupportedCommand.Checkpoint.class), verb("restore", UnsupportedCommand.Restore.class));

    private Verbs() {}

    private static Verb verb(String name, Class<?> command) { return new Verb(name, List.of(), command); }

    /** The verb named or aliased {@code word}, or null. */
    static Verb find(String word) {
        for (Verb v : ALL) if (v.answers(word)) return v;
        return null;
    }

    static void addAll(CommandLine root) {
        for (Verb v : ALL) root.addSubcommand(v.command());
    }
}
