package io.minicontainer.oci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.File;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** `events`: runc's stats JSON from the container's cgroup files, and an oom line when the memory cgroup kills. */
class EventsIT {
    private final OciFixture fx;
    private final OciCli cli;

    EventsIT() throws Exception {
        fx = new OciFixture();
        cli = fx.cli;
    }

    @AfterEach
    void tearDown() throws Exception { fx.close(); }

    @Test
    void statsOnceThenAStreamWithAnOomLineThatEndsWithTheContainer() throws Exception {
        String id = OciFixture.newId("ev");
        Path bundle = fx.bundle("b", List.of("sleep", "600"), c -> {
            ObjectNode res = ((ObjectNode) c.get("linux")).putObject("resources");
            res.putObject("memory").put("limit", 16L << 20).put("swap", 16L << 20);
            res.putObject("pids").put("limit", 40);
        });
        assertEquals(0, cli.create(id, bundle, fx.work.resolve("o"), fx.work.resolve("e")).code());
        assertEquals(0, cli.run("start", id).code());

        OciCli.Result once = cli.run("events", "--stats", id);
        assertEquals(0, once.code(), once.toString());
        JsonNode stats = OciFixture.JSON.readTree(once.out());
        assertEquals("stats", stats.get("type").asText());
        assertEquals(id, stats.get("id").asText());
        assertEquals(16L << 20, stats.at("/data/memory/usage/limit").asLong(), once.out());
        assertTrue(stats.at("/data/memory/usage/usage").asLong() > 0, once.out());
        assertEquals(40, stats.at("/data/pids/limit").asLong(), once.out());
        assertEquals(1, stats.at("/data/pids/current").asLong(), once.out());
        assertTrue(stats.at("/data/cpu/usage/total").asLong() > 0, once.out());

        Path out = fx.work.resolve("events.out");
        Process stream = new ProcessBuilder(cli.command("events", "--interval", "100ms", id))
                .redirectInput(Redirect.from(new File("/dev/null"))).redirectOutput(out.toFile())
                .redirectError(fx.work.resolve("events.err").toFile()).start();
        OciFixture.awaitContent(out, "\"stats\"");
        // a process of the container outgrows the 16 MiB limit and is OOM-killed
        OciCli.Result hog = cli.run("exec", id, "sh", "-c", "x=$(head -c 64m /dev/zero | tr '\\0' a); echo survived");
        assertTrue(!hog.out().contains("survived"), hog.toString());
        OciFixture.awaitContent(out, "\"oom\"");
        assertEquals(0, cli.run("kill", id, "KILL").code());
        assertTrue(stream.waitFor(10, TimeUnit.SECONDS), "the stream ends once the container has stopped");
        assertEquals(0, stream.exitValue(), Files.readString(fx.work.resolve("events.err")));
        assertEquals(0, cli.run("delete", id).code());
        fx.assertGone(id);
    }
}
