package io.minicontainer.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.minicontainer.testing.ContainerFixture;
import io.minicontainer.testing.ContainerFixture.Result;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** run --trace executes exactly the steps `plan` prints for the same bundle and id, each with a duration. */
class TraceIT {
    private static final Pattern TRACE = Pattern.compile("^trace: step (\\d+) (host|helper|container) (\\S+) (.*) \\((\\d+) µs\\)$");

    @Test
    void tracedStepsAreThePlan() throws Exception {
        try (ContainerFixture c = ContainerFixture.create()) {
            c.resources().putObject("pids").put("limit", 30);
            c.resources().putObject("memory").put("limit", 64L << 20);
            c.mount("/tmp", "tmpfs", "tmpfs", "size=1m");
            c.args("/bin/true");
            Result planned = c.cli(List.of("plan", "--id", c.id(), "--format", "json", c.bundle().toString()));
            assertEquals(0, planned.exitCode(), planned.dump());
            List<String> expected = new ArrayList<>();
            for (JsonNode s : ContainerFixture.JSON.readTree(planned.stdout()).get("steps")) {
                expected.add(s.get("index").asInt() + " " + s.get("where").asText() + " " + s.get("step").asText() + " "
                        + s.get("description").asText());
            }

            Result r = c.run("--trace");
            assertEquals(0, r.exitCode(), r.dump());
            List<String> executed = new ArrayList<>();
            for (String line : r.stderr().split("\n")) {
                if (!line.startsWith("trace: ")) continue;
                Matcher m = TRACE.matcher(line);
                assertTrue(m.matches(), "not a trace line: " + line);
                executed.add(m.group(1) + " " + m.group(2) + " " + m.group(3) + " " + m.group(4));
            }
            assertEquals(String.join("\n", expected), String.join("\n", executed), "run --trace vs plan");
            c.assertNothingLeft();
        }
    }
}
