package io.minicontainer.oci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minicontainer.cli.Main;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Many verbs at once. The CLI runs in-process here (a JVM per verb would need ~150 CPU-seconds on
 * this 2-core machine); the per-container lock serialises threads of one JVM as well as processes.
 */
class OciConcurrencyIT {
    private static final int CONTAINERS = 50;

    private OciFixture fx;

    @BeforeEach
    void setUp() throws Exception { fx = new OciFixture(); }

    @AfterEach
    void tearDown() throws Exception { fx.close(); }

    private int cli(String... args) {
        List<String> all = new ArrayList<>(List.of("--root", fx.cli.root.toString()));
        all.addAll(List.of(args));
        return Main.run(all.toArray(String[]::new));
    }

    @Test
    void fiftyContainersCreatedStartedAndDeletedConcurrentlyLeaveNothing() throws Exception {
        Path bundle = fx.bundle("b", "/bin/sleep", "30");
        long t0 = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(8), racers = Executors.newFixedThreadPool(2);
        try {
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < CONTAINERS; i++) {
                String id = "conc-" + i + "-" + OciFixture.newId("x");
                results.add(pool.submit(() -> {
                    if (cli("create", "--bundle", bundle.toString(), id) != 0) return id + ": create failed";
                    // a racing state and kill on the same id while it is being started and deleted
                    Future<Integer> racer = racers.submit(() -> cli("state", id));
                    if (cli("start", id) != 0) return id + ": start failed";
                    if (cli("delete", "--force", id) != 0) return id + ": delete failed";
                    racer.get();
                    return null;
                }));
            }
            List<String> failures = new ArrayList<>();
            for (Future<String> f : results) {
                String failure = f.get(120, TimeUnit.SECONDS);
                if (failure != null) failures.add(failure);
            }
            assertEquals(List.of(), failures);
        } finally {
            pool.shutdownNow();
            racers.shutdownNow();
            assertTrue(pool.awaitTermination(60, TimeUnit.SECONDS) && racers.awaitTermination(60, TimeUnit.SECONDS));
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ms < 60_000, "took " + ms + " ms");
        try (Stream<Path> left = Files.list(fx.cli.root)) {
            assertEquals(List.of(), left.toList(), "state dirs or lock files left");
        }
        assertEquals(List.of(), OciFixture.cgroupDirs("*"), "no cgroup left");
        for (String ctl : List.of("memory", "pids", "cpu", "freezer")) {
            Path parent = Path.of("/sys/fs/cgroup", ctl, "mini-container");
            if (Files.isDirectory(parent)) {
                try (Stream<Path> kids = Files.list(parent)) {
                    assertEquals(List.of(), kids.filter(Files::isDirectory).map(Path::toString).filter(s -> s.contains("conc-")).toList());
                }
            }
        }
    }

    @Test
    void tenCreatesOfOneIdRaceAndExactlyOneWins() throws Exception {
        Path bundle = fx.bundle("b", "/bin/true");
        String id = OciFixture.newId("race");
        ExecutorService pool = Executors.newFixedThreadPool(10);
        try {
            List<Future<Integer>> codes = new ArrayList<>();
            for (int i = 0; i < 10; i++) codes.add(pool.submit(() -> cli("create", "--bundle", bundle.toString(), id)));
            int ok = 0;
            for (Future<Integer> c : codes) if (c.get(60, TimeUnit.SECONDS) == 0) ok++;
            assertEquals(1, ok, "exactly one create of " + id + " succeeds");
        } finally {
            pool.shutdown();
        }
        assertEquals("created", fx.status(id));
        assertEquals(0, cli("delete", "--force", id));
        fx.assertGone(id);
    }
}
