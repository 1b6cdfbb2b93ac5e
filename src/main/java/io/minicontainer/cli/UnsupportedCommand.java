package io.minicontainer.cli;

import io.minicontainer.diag.UserError;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/**
 * runc verbs mini-container does not implement. They take any arguments, {@code --help} included,
 * and fail: podman probes {@code checkpoint --help} and believes a 0 exit means checkpointing works.
 */
abstract class UnsupportedCommand extends BaseCommand {
    @Unmatched List<String> ignored;

    abstract String what();

    @Override
    protected int execute() {
        throw new UserError(what() + " is not supported by mini-container (there is no CRIU support)");
    }

    @Command(name = "checkpoint", description = "Not supported: always fails (CRIU checkpointing is not implemented).")
    static final class Checkpoint extends UnsupportedCommand {
        @Override String what() { return "checkpoint"; }
    }

    @Command(name = "restore", description = "Not supported: always fails (CRIU restore is not implemented).")
    static final class Restore extends UnsupportedCommand {
        @Override String what() { return "restore"; }
    }
}
