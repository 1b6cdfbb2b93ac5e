package io.minicontainer.cli;

import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;

@Command(name = "completion", description = "Print a bash/zsh completion script: source <(mini-container completion)")
final class CompletionCommand extends BaseCommand {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    protected int execute() {
        System.out.print(AutoComplete.bash("mini-container", spec.root().commandLine()));
        return ExitCode.OK;
    }
}
