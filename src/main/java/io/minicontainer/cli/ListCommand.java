package io.minicontainer.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.minicontainer.oci.OciState;
import io.minicontainer.state.ContainerState;
import io.minicontainer.state.StateStore;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
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
        FormatOption.require(format, "table", "json");
        StateStore store = store();
        boolean asJson = format.equals("json");
        List<ContainerState> states = new ArrayList<>();
        List<String> statuses = new ArrayList<>();
        List<Object[]> table = new ArrayList<>();
        table.add(new Object[] {"ID", "PID", "STATUS", "BUNDLE", "CREATED"});
        StringBuilder ids = new StringBuilder();
        for (String id : store.ids()) {
            Optional<ContainerState> s = readQuietly(store, id);
            if (s.isEmpty()) continue; // a `run` container's socket dir, or a create that has not written yet
            String status = store.status(s.get()); // not through a ContainerOps: see StateCommand
            states.add(s.get());
            statuses.add(status);
            ids.append(id).append('\n');
            table.add(new Object[] {id, OciState.pid(s.get(), status), status, s.get().bundle(), s.get().created()});
        }
        System.out.print(quiet ? ids : asJson ? Json.array(states, statuses) : Columns.table(table, 24, 8, 10, 40));
        return ExitCode.OK;
    }

    /**
     * The tree only for --format json: building the ObjectMapper is most of a cold table `list` (table `list` 3.2x ->
     * 1.8x the empty JVM, 11 A/B pairs; docs/STARTUP.md), and the table and -q need none of it. In a class of its own:
     * with the tree's types in execute(), verifying ListCommand loaded 8 of Jackson's classes on every table `list`
     * (docs/STARTUP.md, "verbs").
     */
    private static final class Json {
        static String array(List<ContainerState> states, List<String> statuses) {
            ArrayNode json = StateStore.mapper().createArrayNode();
            for (int i = 0; i < states.size(); i++) json.add(OciState.json(states.get(i), statuses.get(i)));
            return json.toPrettyString() + "\n";
        }
    }

    private static Optional<ContainerState> readQuietly(StateStore store, String id) {
        try {
            return store.read(id);
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
