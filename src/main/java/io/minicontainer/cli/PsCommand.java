package io.minicontainer.cli;

import io.minicontainer.diag.UserError;
import io.minicontainer.state.StateStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "ps", description = "List the processes in a container (its cgroups).")
final class PsCommand extends ContainerCommand {
    @Option(names = {"-f", "--format"}, defaultValue = "table", description = "table or json (an array of host pids).")
    String format;

    @Parameters(paramLabel = "ID") String id;

    @Override
    protected int execute() throws Exception {
        StateStore.requireValidId(id);
        List<Integer> pids = ops().pids(id);
        switch (format) {
            case "json" -> System.out.println(StateStore.mapper().writeValueAsString(pids));
            case "table" -> {
                StringBuilder out = Columns.last(Columns.cell(new StringBuilder(), "PID", 8), "CMD");
                for (int pid : pids) Columns.last(Columns.cell(out, pid, 8), commandLine(pid));
                System.out.print(out);
            }
            default -> throw new UserError("--format " + format + ": expected table or json");
        }
        return ExitCode.OK;
    }

    private static String commandLine(int pid) {
        try {
            byte[] raw = Files.readAllBytes(Path.of("/proc", Integer.toString(pid), "cmdline"));
            return new String(raw).replace('\0', ' ').strip();
        } catch (IOException e) {
            return "?";
        }
    }
}
