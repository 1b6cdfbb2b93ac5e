package io.minicontainer.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.minicontainer.exec.ContainerStats;
import io.minicontainer.diag.UserError;
import io.minicontainer.state.ContainerState;
import io.minicontainer.state.StateStore;
import java.time.Duration;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * runc's events: one JSON object per line, {"type":"stats","id":...,"data":{cpu,memory,pids}} from the
 * container's cgroup files, and {"type":"oom","id":...} when its memory cgroup records an OOM kill.
 * --stats prints one and exits; otherwise every --interval until the container stops.
 */
@Command(name = "events", description = "Resource usage (and OOM kills) of a container as JSON lines (runc's interface).")
final class EventsCommand extends ContainerCommand {
    @Option(names = "--stats", description = "Print the statistics once and exit.")
    boolean stats;

    @Option(names = "--interval", paramLabel = "DURATION", defaultValue = "5s", description = "Between two stats lines (e.g. 5s, 500ms).")
    String interval;

    @Parameters(paramLabel = "ID", description = "Container id.")
    String id;

    @Override
    protected int execute() throws Exception {
        StateStore store = store();
        ContainerState s = store.require(id);
        Duration every = duration(interval);
        long ooms = ContainerStats.oomKills(s.cgroupDirs());
        while (true) {
            String status = ops().status(s);
            if (ContainerState.STOPPED.equals(status)) {
                if (stats) throw new UserError("container '" + id + "' is stopped: it has no cgroups to read");
                return ExitCode.OK;
            }
            long now = ContainerStats.oomKills(s.cgroupDirs());
            if (now > ooms) print(event("oom"));
            ooms = now;
            ObjectNode line = event("stats");
            ObjectNode data = line.putObject("data");
            for (Map.Entry<String, Map<String, Map<String, Long>>> section : ContainerStats.read(s.cgroupDirs()).entrySet()) {
                ObjectNode sec = data.putObject(section.getKey());
                for (Map.Entry<String, Map<String, Long>> group : section.getValue().entrySet()) {
                    ObjectNode g = group.getKey().isEmpty() ? sec : sec.putObject(group.getKey());
                    group.getValue().forEach(g::put);
                }
            }
            print(line);
            if (stats) return ExitCode.OK;
            Thread.sleep(every.toMillis());
        }
    }

    private ObjectNode event(String type) {
        ObjectNode o = StateStore.mapper().createObjectNode();
        o.put("type", type);
        o.put("id", id);
        return o;
    }

    private static void print(ObjectNode o) {
        System.out.println(o.toString());
        System.out.flush();
    }

    /** Go-style durations as runc takes them: 5s, 500ms, 1m. */
    static Duration duration(String text) {
        var m = java.util.regex.Pattern.compile("([0-9]+)(ms|s|m)").matcher(text.strip());
        if (!m.matches() || Long.parseLong(m.group(1)) == 0) throw new UserError("--interval " + text + ": give e.g. 5s, 500ms or 1m (not 0)");
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofSeconds(n);
        };
    }
}
