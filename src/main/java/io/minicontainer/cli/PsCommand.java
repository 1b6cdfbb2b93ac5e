package io.minicontainer.cli;

import io.minicontainer.exec.CgroupStats;
import io.minicontainer.state.ContainerState;
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

    @Parameters(paramLabel = "ID", description = IdHelp.EXISTING) String id;

    @Override
    protected int execute() throws Exception {
        FormatOption.require(format, "table", "json");
        StateStore.requireValidId(id);
        StateStore store = store();
        ContainerState s = store.require(id);
        // the live status and the cgroups' pids without building a ContainerOps: see StateCommand
        List<Integer> pids = ContainerState.STOPPED.equals(store.status(s)) ? List.of() : CgroupStats.pids(s.cgroupDirs());
        switch (format) {
            case "json" -> System.out.println(StateStore.mapper().writeValueAsString(pids));
            case "table" -> {
                StringBuilder out = Columns.last(Columns.cell(new StringBuilder(), "PID", 8), "CMD");
                for (int pid : pids) Columns.last(Columns.cell(out, pid, 8), commandLine(pid));
                System.out.print(out);
            }
            default -> throw new IllegalStateException(format); // FormatOption.require refused it
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
