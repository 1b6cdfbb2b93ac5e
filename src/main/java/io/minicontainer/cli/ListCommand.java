package io.minicontainer.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.minicontainer.diag.UserError;
import io.minicontainer.oci.ContainerOps;
import io.minicontainer.oci.OciState;
import io.minicontainer.state.ContainerState;
import io.minicontainer.state.StateStore;
import java.io.IOException;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "list", aliases = "ls", description = "List the containers in the state directory.")
final class ListCommand extends ContainerCommand {
    @Option(names = {"-f", "--format"}, defaultValue = "table", description = "table or json.")
    String format;

    @Option(names = {"-q", "--quiet"}, description = "Only the ids.")
    boolean quiet;

    @Override
    protected int execute() throws Exception {
        if (!format.equals("table") && !format.equals("json")) throw new UserError("--format " + format + ": expected table or json");
        StateStore store = store();
        ContainerOps ops = ops();
        // the tree only for --format json: building the ObjectMapper is most of a cold table `list`
        // (table `list` 3.2x -> 1.8x the empty JVM, 11 A/B pairs; docs/STARTUP.md), and the table and -q need none of it
        boolean asJson = format.equals("json");
        ArrayNode json = asJson ? StateStore.mapper().createArrayNode() : null;
        StringBuilder table = row(new StringBuilder(), "ID", "PID", "STATUS", "BUNDLE", "CREATED");
        StringBuilder ids = new StringBuilder();
        for (String id : store.ids()) {
            Optional<ContainerState> s = readQuietly(store, id);
            if (s.isEmpty()) continue; // a `run` container's socket dir, or a create that has not written yet
            String status = ops.status(s.get());
            if (asJson) json.add(OciState.json(s.get(), status));
            ids.append(id).append('\n');
            row(table, id, OciState.pid(s.get(), status), status, s.get().bundle(), s.get().created());
        }
        System.out.print(quiet ? ids : asJson ? json.toPrettyString() + "\n" : table);
        return ExitCode.OK;
    }

    private static StringBuilder row(StringBuilder table, Object id, Object pid, Object status, Object bundle, Object created) {
        Columns.cell(table, id, 24);
        Columns.cell(table, pid, 8);
        Columns.cell(table, status, 10);
        Columns.cell(table, bundle, 40);
        return Columns.last(table, created);
    }

    private static Optional<ContainerState> readQuietly(StateStore store, String id) {
        try {
            return store.read(id);
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
