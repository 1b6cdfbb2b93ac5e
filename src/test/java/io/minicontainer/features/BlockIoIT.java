package io.minicontainer.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.minicontainer.testing.ContainerFixture;
import io.minicontainer.testing.ContainerFixture.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** linux.resources.blockIO throttle limits, on this hybrid host's v1 blkio hierarchy. */
class BlockIoIT {
    private static Path cg(String path) { return Path.of("/sys/fs/cgroup/blkio").resolve(path.substring(1)); }

    /** A whole disk of this machine ("major:minor"): throttle rules are refused for partitions and missing devices. */
    private static String disk() throws IOException {
        try (Stream<Path> s = Files.list(Path.of("/sys/block"))) {
            Path d = s.sorted((a, b) -> Boolean.compare(a.getFileName().toString().startsWith("loop"), b.getFileName().toString().startsWith("loop")))
                    .findFirst().orElseThrow(() -> new AssertionError("no block device in /sys/block"));
            return Files.readString(d.resolve("dev")).trim();
        }
    }

    private static void rule(ObjectNode blockIO, String list, String device, long rate) {
        String[] mm = device.split(":");
        ((ArrayNode) blockIO.withArray(list)).addObject().put("major", Long.parseLong(mm[0])).put("minor", Long.parseLong(mm[1])).put("rate", rate);
    }

    @Test
    void throttleLimitsAreWrittenToTheContainersBlkioCgroup() throws Exception {
        String dev = disk();
        try (ContainerFixture c = ContainerFixture.create()) {
            ObjectNode blockIO = c.resources().putObject("blockIO");
            rule(blockIO, "throttleReadBpsDevice", dev, 1048576);
            rule(blockIO, "throttleWriteBpsDevice", dev, 2097152);
            rule(blockIO, "throttleReadIOPSDevice", dev, 100);
            rule(blockIO, "throttleWriteIOPSDevice", dev, 200);
            String path = "/mini-container/" + c.id();
            Result r = c.runPaused("true", "echo done", launcher -> {
                assertEquals(dev + " 1048576", read(cg(path).resolve("blkio.throttle.read_bps_device")));
                assertEquals(dev + " 2097152", read(cg(path).resolve("blkio.throttle.write_bps_device")));
                assertEquals(dev + " 100", read(cg(path).resolve("blkio.throttle.read_iops_device")));
                assertEquals(dev + " 200", read(cg(path).resolve("blkio.throttle.write_iops_device")));
                assertFalse(read(cg(path).resolve("cgroup.procs")).isEmpty(), "the container's process is in the blkio cgroup");
            });
            assertEquals(0, r.exitCode(), r.dump());
            c.assertNothingLeft();
            assertFalse(Files.exists(cg(path)), "blkio cgroup left behind");
        }
    }

    @Test
    void blkioIsNotJoinedWithoutThrottles() throws Exception {
        try (ContainerFixture c = ContainerFixture.create()) {
            c.resources().putObject("blockIO"); // asks for nothing
            Result r = c.shell("grep blkio /proc/self/cgroup").run();
            assertEquals(0, r.exitCode(), r.dump());
            assertFalse(r.stdout().contains(c.id()), r.dump());
            c.assertNothingLeft();
        }
    }

    @Test
    void weightsAreRefusedBeforeAnythingRuns() throws Exception {
        try (ContainerFixture c = ContainerFixture.create()) {
            c.resources().putObject("blockIO").put("weight", 500);
            Result r = c.shell("echo ran").run();
            assertEquals(65, r.exitCode(), r.dump());
            assertTrue(r.stderr().contains("/linux/resources/blockIO/weight: mini-container does not support block I/O weights"), r.dump());
            assertFalse(r.stdout().contains("ran"), r.dump());
            c.assertNothingLeft();
        }
    }

    @Test
    void aDeviceThisHostDoesNotHaveIsRefusedBeforeAnythingRuns() throws Exception {
        try (ContainerFixture c = ContainerFixture.create()) {
            assertFalse(Files.exists(Path.of("/sys/dev/block/4095:1048575")));
            rule(c.resources().putObject("blockIO"), "throttleReadBpsDevice", "4095:1048575", 1024);
            Result r = c.shell("echo ran").run();
            assertEquals(65, r.exitCode(), r.dump());
            assertTrue(r.stderr().contains("/linux/resources/blockIO/throttleReadBpsDevice/0: there is no block device 4095:1048575 on this host"), r.dump());
            assertFalse(r.stdout().contains("ran"), r.dump());
            c.assertNothingLeft();
        }
    }

    private static String read(Path file) throws IOException { return Files.readString(file).trim(); }
}
