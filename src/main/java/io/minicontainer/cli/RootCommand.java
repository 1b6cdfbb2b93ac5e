package io.minicontainer.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** The verbs are added in code, from {@link Verbs} (all of them, or just the one being run). */
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
        })
public final class RootCommand {
    @Mixin
    GlobalOptions global;
}
