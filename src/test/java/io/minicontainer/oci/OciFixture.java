package io.minicontainer.oci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.minicontainer.diag.UserError;
import io.minicontainer.state.StateStore;
import io.minicontainer.testing.BusyboxRootfs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A temporary state root and bundles for OCI tests, and the cleanup that removes whatever a test
 * created (delete --force on every container left in the root) even when the test failed.
 */
final class OciFixture implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();

    final Path work;
    final OciCli cli;

    OciFixture() throws IOException {
        work = Files.createTempDirectory(BusyboxRootfs.targetDir(), "oci-it-");
        cli = new OciCli(work.resolve("root"));
    }

    static String newId(String prefix) {
        return io.minicontainer.testing.TestScope.id(prefix);
    }

    /** A bundle from bundles/busybox/config.json, rootfs = the shared busybox rootfs, with {@code args}. */
    Path bundle(String name, List<String> args, Consumer<ObjectNode> tweak) throws IOException {
        Path dir = Files.createDirectories(work.resolve(name));
        Path base = BusyboxRootfs.targetDir().getParent().resolve("bundles/busybox/config.json");
        ObjectNode config = (ObjectNode) JSON.readTree(base.toFile());
        ((ObjectNode) config.get("root")).put("path", BusyboxRootfs.path().toString());
        ArrayNode a = ((ObjectNode) config.get("process")).putArray("args");
        args.forEach(a::add);
        tweak.accept(config);
        Files.writeString(dir.resolve("config.json"), config.toPrettyString());
        return dir;
    }

    Path bundle(String name, String... args) throws IOException { return bundle(name, List.of(args), c -> { }); }

    JsonNode state(String id) throws Exception {
        OciCli.Result r = cli.run("state", id);
        assertEquals(0, r.code(), r.toString());
        return JSON.readTree(r.out());
    }

    String status(String id) throws Exception { return state(id).get("status").asText(); }

    /** Polls `state` until the status is {@code want} (a container that exits on its own). */
    void awaitStatus(String id, String want) throws Exception {
        long deadline = System.currentTimeMillis() + 10_000;
        String now;
        while (!(now = status(id)).equals(want)) {
            assertTrue(System.currentTimeMillis() < deadline, id + " still " + now + ", expected " + want);
            Thread.sleep(50);
        }
    }

    /** Waits until {@code file} contains {@code text} (container output arrives asynchronously). */
    static String awaitContent(Path file, String text) throws Exception {
        long deadline = System.currentTimeMillis() + 10_000;
        while (true) {
            String s = Files.exists(file) ? Files.readString(file) : "";
            if (s.contains(text)) return s;
            assertTrue(System.currentTimeMillis() < deadline, file + " never contained '" + text + "'; it has: " + s);
            Thread.sleep(20);
        }
    }

    /** Nothing of {@code id} is left: state dir, lock file, cgroups. */
    void assertGone(String id) throws IOException {
        assertFalse(Files.exists(cli.root.resolve(id)), "state dir of " + id + " is left");
        assertFalse(Files.exists(cli.root.resolve("." + id + ".lock")), "lock file of " + id + " is left");
        assertEquals(List.of(), cgroupDirs(id), "cgroups of " + id + " are left");
    }

    static List<Path> cgroupDirs(String id) throws IOException {
        List<Path> found = new ArrayList<>();
        try (Stream<Path> controllers = Files.list(Path.of("/sys/fs/cgroup"))) {
            for (Path c : controllers.toList()) {
                for (Path p : List.of(c.resolve("mini-container").resolve(id), c.resolve("unified/mini-container").resolve(id))) {
                    if (Files.exists(p)) found.add(p);
                }
            }
        }
        return found;
    }

    static boolean alive(int pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            char state = stat.substring(stat.lastIndexOf(')') + 2).charAt(0);
            return state != 'Z' && state != 'X';
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() throws Exception {
        try {
            for (String id : new StateStore(cli.root).ids()) cli.run("delete", "--force", id); // none without a root
        } catch (UserError untrusted) {
            // a root the runtime refuses, which its `delete` would refuse too: the leak check reports what is left
        } finally {
            BusyboxRootfs.deleteTree(work);
        }
    }
}
