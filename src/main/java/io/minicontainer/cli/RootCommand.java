package io.minicontainer.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "mini-container",
        versionProvider = VersionProvider.class,
        mixinStandardHelpOptions = true,
        sortOptions = false,
        usageHelpAutoWidth = true,
        description = {
            "A declarative container runner: config.json -> validate -> plan -> run.",
            "",
            "Quick form:  mini-container [OPTIONS] <COMMAND> <ROOTFS> [-- ARGS...]",
            "             (see 'mini-container quick --help' for its options)",
        },
        subcommands = {
            ValidateCommand.class, PlanCommand.class, RunCommand.class, SpecCommand.class,
            CompletionCommand.class,
            CreateCommand.class, StartCommand.class, StateCommand.class, KillCommand.class, DeleteCommand.class,
            ListCommand.class, PsCommand.class, PauseCommand.class, ResumeCommand.class, FeaturesCommand.class,
        })
public final class RootCommand {
    @Mixin
    GlobalOptions global;
}
