package io.minicontainer.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.minicontainer.testing.ContainerFixture;
import io.minicontainer.testing.ContainerFixture.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** linux.resources.memory.kernelTCP, written to the v1 memory cgroup's memory.kmem.tcp.limit_in_bytes. */
class KernelTcpIT {
    @Test
    void theTcpMemoryLimitIsWrittenToTheContainersMemoryCgroup() throws Exception {
        try (ContainerFixture c = ContainerFixture.create()) {
            c.resources().putObject("memory").put("kernelTCP", 16L << 20);
            Path dir = Path.of("/sys/fs/cgroup/memory/mini-container", c.id());
            Result r = c.runPaused("true", "echo done", launcher -> {
                assertEquals(String.valueOf(16L << 20), Files.readString(dir.resolve("memory.kmem.tcp.limit_in_bytes")).trim());
                assertFalse(Files.readString(dir.resolve("cgroup.procs")).isBlank(), "the container's process is in that cgroup");
            });
            assertEquals(0, r.exitCode(), r.dump());
            c.assertNothingLeft();
            assertFalse(Files.exists(dir), "memory cgroup left behind");
        }
    }
}
