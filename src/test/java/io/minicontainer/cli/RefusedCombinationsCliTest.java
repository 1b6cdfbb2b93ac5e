package io.minicontainer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import io.minicontainer.testing.BusyboxRootfs;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Option combinations that used to be dropped or obeyed halfway: refused with their pointer, or planned only. */
class RefusedCombinationsCliTest {
    @TempDir
    Path dir;

    /** examples/minimal.json on a busybox rootfs of the test's own. */
    private ObjectNode minimal(ObjectMapper json) throws Exception {
        ObjectNode config = (ObjectNode) json.readTree(Path.of("examples/minimal.json").toFile());
        config.putObject("root").put("path", BusyboxRootfs.freshCopy(dir.resolve("rootfs")).toString());
        return config;
    }

    /** tmpcopyup outside a tmpfs was parsed and never applied (no step named it): fail closed. */
    @Test
    void tmpcopyupOnABindMountIsRefusedWithItsPointer() throws Exception {
        ObjectMapper json = new ObjectMapper();
        ObjectNode config = minimal(json);
        ArrayNode mounts = config.putArray("mounts");
        mounts.addObject().put("destination", "/proc").put("type", "proc").put("source", "proc");
        ObjectNode bind = mounts.addObject().put("destination", "/data").put("type", "bind").put("source", "/tmp");
        bind.putArray("options").add("rbind").add("tmpcopyup");
        Path file = dir.resolve("config.json");
        json.writeValue(file.toFile(), config);
        CliHarness.Result plan = CliHarness.run("plan", file.toString());
        assertEquals(ExitCode.INVALID_INPUT, plan.exitCode(), plan.out() + plan.err());
        assertTrue(plan.err().contains("/mounts/1/options/1") && plan.err().contains("tmpcopyup applies only to a tmpfs mount"), plan.err());
    }

    /** run -d --dry-run created and started the container (detach was looked at first); now it only prints the plan. */
    @Test
    void detachWithDryRunOnlyPrintsThePlan() throws Exception {
        ObjectMapper json = new ObjectMapper();
        Path file = dir.resolve("config.json");
        json.writeValue(file.toFile(), minimal(json));
        Path state = dir.resolve("state");
        String id = io.minicontainer.testing.TestScope.id("dry"); // tagged: were it ever created, the leak check would say so
        CliHarness.Result run = CliHarness.run("--root", state.toString(), "run", "-d", "--dry-run", "--id", id, file.toString());
        assertEquals(0, run.exitCode(), run.out() + run.err());
        CliHarness.Result plan = CliHarness.run("--root", state.toString(), "plan", "--id", id, file.toString());
        assertEquals(0, plan.exitCode(), plan.err());
        assertEquals(plan.out(), run.out(), "-d --dry-run prints exactly what plan prints");
        boolean created = Files.exists(state.resolve(id));
        if (Files.isDirectory(state)) {
            try (Stream<Path> s = Files.list(state)) {
                created |= s.anyMatch(p -> !p.getFileName().toString().startsWith("."));
            }
        }
        assertEquals(false, created, "a dry run creates no container");
    }
}
