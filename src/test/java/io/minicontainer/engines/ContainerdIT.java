package io.minicontainer.engines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.minicontainer.testing.BusyboxRootfs;
import io.minicontainer.testing.TestScope;
import java.io.File;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * containerd 1.6 (io.containerd.runc.v2 shim) with --runc-binary mini-container, compared with its default
 * runc. A private daemon: root, state and sockets under target/, the CRI plugin off; stopped by its own pid.
 */
class ContainerdIT {
    private static Path work;
    private static Process daemon;
    private static List<String> ctr;
    private static String namespace;

    @BeforeAll
    static void setUp() throws Exception {
        assumeTrue(Engines.installed("containerd") && Engines.installed("ctr"),
                "containerd is not installed (apt-get install -y containerd): ContainerdIT does not run");
        work = BusyboxRootfs.targetDir().resolve("engines-it/ctrd-" + TestScope.id("c"));
        BusyboxRootfs.deleteTree(work);
        Files.createDirectories(work);
        BusyboxRootfs.freshCopy(work.resolve("rootfs"));
        Path sock = work.resolve("c.sock");
        Files.writeString(work.resolve("config.toml"), String.join("\n", "version = 2",
                "root = \"" + work.resolve("root") + "\"", "state = \"" + work.resolve("state") + "\"",
                "disabled_plugins = [\"io.containerd.grpc.v1.cri\"]",
                "[grpc]", "  address = \"" + sock + "\"", "[ttrpc]", "  address = \"" + sock + ".ttrpc\"",
                "[debug]", "  address = \"" + work.resolve("debug.sock") + "\"", "[metrics]", "  address = \"\"", ""));
        daemon = new ProcessBuilder("setsid", "containerd", "--config", work.resolve("config.toml").toString())
                .redirectInput(Redirect.from(new File("/dev/null"))).redirectErrorStream(true)
                .redirectOutput(work.resolve("containerd.log").toFile()).start();
        long deadline = System.currentTimeMillis() + 20_000;
        while (!Files.exists(sock)) {
            assertTrue(System.currentTimeMillis() < deadline && daemon.isAlive(), "containerd did not start: "
                    + Files.readString(work.resolve("containerd.log")));
            Thread.sleep(50);
        }
        // a tagged namespace: containerd names the cgroup parent after it, so what it leaves is ours to find
        namespace = TestScope.id("mct");
        ctr = List.of("ctr", "--address", sock.toString(), "-n", namespace);
    }

    @AfterAll
    static void tearDown() throws Exception {
        if (daemon == null) return;
        // shims of our daemon (their command line names its socket) go with it
        List<ProcessHandle> shims = ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains(work.resolve("c.sock").toString()) && c.contains("shim")).orElse(false))
                .toList();
        daemon.destroy();
        if (!daemon.waitFor(10, TimeUnit.SECONDS)) daemon.destroyForcibly();
        shims.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle s : shims) s.onExit().get(10, TimeUnit.SECONDS);
        BusyboxRootfs.deleteTree(work);
        removeEmptyCgroupParents(namespace);
    }

    /** containerd's shims leave the namespace's cgroup parent (empty) in every hierarchy: remove it, deepest first. */
    private static void removeEmptyCgroupParents(String name) throws IOException {
        try (java.util.stream.Stream<Path> hierarchies = Files.list(Path.of("/sys/fs/cgroup"))) {
            for (Path h : hierarchies.toList()) {
                Path parent = h.resolve(name);
                if (!Files.isDirectory(parent)) continue;
                try (java.util.stream.Stream<Path> walk = Files.walk(parent)) {
                    walk.filter(Files::isDirectory).sorted(java.util.Comparator.reverseOrder()).forEach(d -> d.toFile().delete());
                }
            }
        }
    }

    private static Engines.Result ctr(String... args) throws Exception { return Engines.run(work, Engines.concat(ctr, args)); }

    /** Absolute program paths: ctr's spec for --rootfs has no PATH, and runc then finds nothing (mini-container uses a default). */
    /** --runc-binary and --runc-root for mini-container; nothing (the shim's runc) for the comparison. */
    private static List<String> runtime(boolean mini) {
        return mini ? List.of("--runc-binary", Engines.launcher().toString(), "--runc-root", work.resolve("mc-root").toString())
                : List.of();
    }

    @Test
    void runTaskExecKillDeleteAsUnderRunc() throws Exception {
        List<String> seen = new ArrayList<>();
        for (boolean mini : new boolean[] {true, false}) {
            String id = TestScope.id(mini ? "cmc" : "crunc");
            List<String> rm = new ArrayList<>(List.of("run", "--rm"));
            rm.addAll(runtime(mini));
            rm.addAll(List.of("--rootfs", work.resolve("rootfs").toString(), id + "-fg", "/bin/sh", "-c", "echo fg; exit 0"));
            Engines.Result fg = ctr(rm.toArray(String[]::new));
            assertEquals(0, fg.code(), "mini=" + mini + ": " + fg);

            List<String> run = new ArrayList<>(List.of("run", "-d"));
            run.addAll(runtime(mini));
            run.addAll(List.of("--rootfs", work.resolve("rootfs").toString(), id, "/bin/sleep", "300"));
            Engines.Result started = ctr(run.toArray(String[]::new));
            assertEquals(0, started.code(), "mini=" + mini + ": " + started);
            Engines.Result exec = ctr("task", "exec", "--exec-id", "e1", id, "/bin/sh", "-c", "echo in-exec; cat /proc/1/cmdline");
            Engines.Result status = ctr("task", "exec", "--exec-id", "e2", id, "/bin/sh", "-c", "exit 5");
            Engines.Result kill = ctr("task", "kill", "-s", "KILL", id);
            String state = "";
            long deadline = System.currentTimeMillis() + 10_000;
            while (!state.contains("STOPPED") && System.currentTimeMillis() < deadline) {
                state = ctr("task", "ls").out().lines().filter(l -> l.startsWith(id + " ")).findFirst().orElse("");
                Thread.sleep(100);
            }
            Engines.Result delete = ctr("task", "delete", id);
            Engines.Result container = ctr("container", "delete", id);
            assertEquals(0, exec.code(), "mini=" + mini + ": " + exec);
            assertEquals(5, status.code(), "mini=" + mini + " exit status of task exec: " + status);
            assertEquals(0, kill.code(), "mini=" + mini + ": " + kill);
            assertTrue(state.contains("STOPPED"), "mini=" + mini + ": " + state);
            assertEquals(0, delete.code(), "mini=" + mini + ": " + delete);
            assertEquals(0, container.code(), "mini=" + mini + ": " + container);
            seen.add(fg.out() + exec.out());
        }
        assertEquals("fg\nin-exec\n/bin/sleep300", seen.get(0).replace("\0", ""));
        assertEquals(seen.get(1), seen.get(0), "mini-container and runc differ");
    }
}
