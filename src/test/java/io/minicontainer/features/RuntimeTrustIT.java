package io.minicontainer.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.minicontainer.testing.BusyboxRootfs;
import io.minicontainer.testing.ContainerFixture;
import io.minicontainer.testing.ContainerFixture.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the image and the config's paths cannot make the runtime do (issue 11, points 3 and 4):
 * masking cannot be redirected by the image's /dev/null; a rootfs that leads to the host's / or
 * holds the runtime's state, and a namespace path that is not a namespace file, are refused before
 * anything is created.
 */
class RuntimeTrustIT {
    /** Drops the config's /dev tmpfs so /dev/null is the image's own file. */
    private static void withoutDevMount(ContainerFixture c) {
        ArrayNode mounts = (ArrayNode) c.config().get("mounts");
        for (int i = mounts.size() - 1; i >= 0; i--) if (mounts.get(i).get("destination").asText().equals("/dev")) mounts.remove(i);
    }

    @Test
    void anImageWhoseDevNullIsASymlinkCannotRedirectMasking() throws Exception {
        try (ContainerFixture c = ContainerFixture.create()) {
            withoutDevMount(c);
            Path devNull = c.rootfs().resolve("dev/null");
            Files.createDirectories(devNull.getParent());
            Files.deleteIfExists(devNull);
            Files.createSymbolicLink(devNull, Path.of("/proc/timer_list"));
            c.shell("cat /proc/keys | head -3; echo end");
            Result r = c.run();
            assertFalse(r.stdout().contains("Timer List"), "/proc/keys was masked with /proc/timer_list:\n" + r.dump());
            assertEquals(71, r.exitCode(), r.dump());
            assertTrue(r.stderr().contains("not the null device"), r.dump());
            c.assertNothingLeft();
        }
    }

    @Test
    void anImageWithARealNullDeviceStillMasks() throws Exception {
        try (ContainerFixture c = ContainerFixture.create()) {
            c.shell("wc -c < /proc/keys; grep ' /proc/keys ' /proc/self/mountinfo | wc -l");
            Result r = c.run();
            assertEquals(0, r.exitCode(), r.dump());
            assertEquals(List.of("0", "1"), r.stdout().strip().lines().map(String::strip).toList(), r.dump());
            c.assertNothingLeft();
        }
    }

    @Test
    void aRootfsThatLeadsToTheHostRootIsRefusedByValidateAndRun() throws Exception {
        try (ContainerFixture c = ContainerFixture.create()) {
            Files.createSymbolicLink(c.bundle().resolve("hostroot"), Path.of("/"));
            ((ObjectNode) c.config().get("root")).put("path", "hostroot");
            for (List<String> verb : List.of(List.of("validate", c.bundle().toString()), List.of("run", "--id", c.id(), c.bundle().toString()))) {
                Result r = c.cli(verb);
                assertEquals(65, r.exitCode(), verb + "\n" + r.dump());
                String said = r.stdout() + r.stderr(); // validate reports on stdout
                assertTrue(said.contains("/root/path") && said.contains("is the host's /"), r.dump());
            }
            c.assertNothingLeft();
        }
    }

    @Test
    void aRootfsHoldingTheRuntimesStateIsRefused() throws Exception {
        try (ContainerFixture c = ContainerFixture.create()) {
            Path inside = c.rootfs().resolve("tmp/state");
            c.writeConfig();
            Path launcher = BusyboxRootfs.targetDir().getParent().resolve("bin/mini-container");
            Process p = new ProcessBuilder(launcher.toString(), "--root", inside.toString(), "run", "--id", c.id(), c.bundle().toString())
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            assertEquals(65, p.waitFor(), out);
            assertTrue(out.contains("/root/path") && out.contains("contains the runtime's state dir"), out);
            assertFalse(Files.exists(inside), "nothing was created");
        }
    }

    @Test
    void aFifoAsNamespacePathIsRefusedAtOnceAndLeavesNothing() throws Exception {
        try (ContainerFixture c = ContainerFixture.create()) {
            Path fifo = c.scratch("ns").resolve("fifo");
            assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
            setNamespacePath(c, "network", fifo.toString());
            Result r = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> c.run());
            assertEquals(65, r.exitCode(), r.dump());
            assertTrue(r.stderr().contains("/linux/namespaces/") && r.stderr().contains("is not a namespace file (a FIFO)"), r.dump());
            c.assertNothingLeft();
        }
    }

    @Test
    void aNamespaceFileOfAnotherTypeIsRefused() throws Exception {
        try (ContainerFixture c = ContainerFixture.create()) {
            setNamespacePath(c, "network", "/proc/self/ns/uts");
            Result r = c.run();
            assertEquals(65, r.exitCode(), r.dump());
            assertTrue(r.stderr().contains("is a uts namespace, not network"), r.dump());
            c.assertNothingLeft();
        }
    }

    private static void setNamespacePath(ContainerFixture c, String type, String path) {
        ArrayNode ns = (ArrayNode) c.linux().get("namespaces");
        for (int i = 0; i < ns.size(); i++) {
            if (ns.get(i).get("type").asText().equals(type)) {
                ((ObjectNode) ns.get(i)).put("path", path);
                return;
            }
        }
        ns.addObject().put("type", type).put("path", path);
    }
}
