package io.minicontainer.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "mini-container",
        versionProvider = VersionProvider.class,
        mixinStandardHelpOptions = true,
        sortOptions = false,
        usageHelpAutoWidth = true,
        customSynopsis = {
            "mini-container [GLOBAL OPTIONS] <VERB> [ARGS...]",
            "       mini-container [GLOBAL OPTIONS] [OPTIONS] <COMMAND> <ROOTFS> [-- ARGS...]",
        },
        description = {
            "A declarative container runner: config.json -> validate -> plan -> run.",
            "The second form (the quick form) runs COMMAND in the directory ROOTFS with",
            "the default config and the options below; --print-config shows that config.",
            "A first operand that names a verb is the verb: write ./run for a rootfs",
            "or program called run.",
        },
        subcommands = {
            ValidateCommand.class, PlanCommand.class, RunCommand.class, SpecCommand.class,
            CompletionCommand.class, QuickCommand.class,
            CreateCommand.class, StartCommand.class, StateCommand.class, KillCommand.class, DeleteCommand.class,
            ListCommand.class, PsCommand.class, PauseCommand.class, ResumeCommand.class, FeaturesCommand.class,
        })
public final class RootCommand {
    @Mixin
    GlobalOptions global;
}
