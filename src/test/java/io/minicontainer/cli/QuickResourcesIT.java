package io.minicontainer.cli;

import static io.minicontainer.cli.QuickCli.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** -m/--memory and --nproc: the host's cgroup files while the container runs, and what the container feels. */
class QuickResourcesIT {
    /** Starts 10 background sleeps; a pids limit makes some forks fail. */
    static final String FORK_LOOP = "i=0; n=0; while [ $i -lt 10 ]; do sleep 1 & n=$((n+1)); i=$((i+1)); done; echo started=$n; wait";
    static Path work;
    static Path rootfs;

    @BeforeAll
    static void rootfs() throws Exception {
        assertEquals("root", System.getProperty("user.name"), "container tests run as root");
        work = QuickCli.workDir(QuickResourcesIT.class);
        rootfs = QuickCli.freshRootfs(work, "rootfs");
    }

    @Test
    void memoryInMegabytesAndNprocAreWrittenToTheContainersCgroups() throws Exception {
        assertEquals(List.of(String.valueOf(1048L << 20), "5"), limitsWhileRunning("--nproc", "5", "--memory", "1048"));
    }

    @Test
    void memorySuffixes() throws Exception {
        assertEquals(String.valueOf(512L << 20), limitsWhileRunning("--memory", "512m").get(0));
        assertEquals(String.valueOf(1L << 30), limitsWhileRunning("-m", "1G").get(0));
    }

    @Test
    void aForkLoopBeyondNprocFailsInsideTheContainer() throws Exception {
        QuickCli.Result limited = run(work, "/bin/sh", rootfs.toString(), "--nproc", "5", "--", "-c", FORK_LOOP);
        assertTrue(limited.err().contains("can't fork"), limited.toString());
        assertFalse(limited.out().contains("started=10"), limited.toString());
        QuickCli.Result free = run(work, "/bin/sh", rootfs.toString(), "--", "-c", FORK_LOOP);
        assertEquals(0, free.exit(), "without --nproc the same loop works: " + free);
        assertEquals("started=10\n", free.out());
    }

    @Test
    void exceedingTheMemoryLimitGetsTheContainerOomKilled() throws Exception {
        String allocate = "x=$(head -c %s /dev/zero | tr '\\0' a); echo kept ${#x}";
        QuickCli.Result killed = run(work, "/bin/sh", rootfs.toString(), "-m", "16", "--", "-c", String.format(allocate, "64m"));
        assertEquals(137, killed.exit(), killed.toString());
        assertTrue(killed.err().contains("OOM-killed"), killed.toString());
        QuickCli.Result fits = run(work, "/bin/sh", rootfs.toString(), "-m", "128", "--", "-c", String.format(allocate, "8m"));
        assertEquals(0, fits.exit(), fits.toString());
        assertEquals("kept 8388608\n", fits.out());
    }

    /** [memory limit, pids limit] as the host's cgroup files say while the container waits for a go file. */
    private static List<String> limitsWhileRunning(String... options) throws Exception {
        String id = QuickCli.uniqueId("quick-res");
        Path go = rootfs.resolve("tmp/go-" + id);
        String[] args = Stream.concat(Stream.of("--id", id, "/bin/sh", rootfs.toString()),
                Stream.concat(Stream.of(options), Stream.of("--", "-c", "touch /tmp/ready-" + id + "; while [ ! -e /tmp/go-" + id + " ]; do sleep 0.05; done")))
                .toArray(String[]::new);
        try (QuickCli.Running running = QuickCli.start(work, null, args)) {
            try {
                awaitFile(rootfs.resolve("tmp/ready-" + id)); // the container runs: its limits are all written
                Path cgroup = findCgroup(id, "memory").orElseThrow();
                String memory = Files.readString(cgroup.resolve("memory.limit_in_bytes")).strip();
                Optional<Path> pids = findCgroup(id, "pids");
                String pidsMax = pids.isPresent() ? Files.readString(pids.get().resolve("pids.max")).strip() : "none";
                return List.of(memory, pidsMax);
            } finally {
                Files.writeString(go, "");
                QuickCli.Result r = running.await();
                assertEquals(0, r.exit(), r.toString());
                Files.deleteIfExists(go);
                Files.deleteIfExists(rootfs.resolve("tmp/ready-" + id));
                assertTrue(findCgroup(id, "memory").isEmpty(), "the cgroup is removed after the run");
            }
        }
    }

    static void awaitFile(Path file) throws Exception {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (Files.exists(file)) return;
            Thread.sleep(20);
        }
        fail("the container never created " + file);
    }

    /** /sys/fs/cgroup/<controller>/.../mini-container/<id> (v1, as on this host's hybrid layout). */
    private static Optional<Path> findCgroup(String id, String controller) throws IOException {
        Path root = Path.of("/sys/fs/cgroup", controller);
        if (!Files.isDirectory(root)) return Optional.empty();
        try (Stream<Path> walk = Files.walk(root, 4)) {
            return walk.filter(p -> p.endsWith(Path.of("mini-container", id)) && Files.isDirectory(p)).findFirst();
        }
    }
}
