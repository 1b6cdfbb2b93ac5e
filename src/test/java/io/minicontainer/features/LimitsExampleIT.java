package io.minicontainer.features;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.minicontainer.testing.ContainerFixture;
import io.minicontainer.testing.ContainerFixture.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * examples/limits.json runs as written on the host the tests run on (whatever its cgroup layout) and its program
 * reads back the memory limit it set; {@code plan/LimitsExampleTest} shows the plan on the other layouts.
 */
class LimitsExampleIT {
    @Test
    void theLimitsExamplePrintsItsOwnMemoryLimit() throws Exception {
        try (ContainerFixture c = ContainerFixture.create()) {
            c.configJson(Files.readString(Path.of("examples/limits.json")));
            // the fixture's per-run cgroup (/mini-container/<id>), not the example's fixed one, so parallel runs never meet
            ((ObjectNode) c.config().get("linux")).remove("cgroupsPath");
            Result r = c.run();
            assertEquals(0, r.exitCode(), r.dump());
            assertEquals("67108864\n", r.stdout(), r.dump());
            c.assertNothingLeft();
        }
    }
}
