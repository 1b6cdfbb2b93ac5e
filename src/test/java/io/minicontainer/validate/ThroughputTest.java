package io.minicontainer.validate;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minicontainer.spec.LoadedSpec;
import io.minicontainer.spec.SpecLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * A smoke guard for the hot path (load + validate of a valid config), not a benchmark: the floor is
 * far below the real goal so a busy CI machine does not make it flaky, but an accidental
 * per-call schema load or similar would still trip it.
 */
class ThroughputTest {
    @Test
    void loadAndValidateStaysCheap() throws Exception {
        String text = Files.readString(Path.of(System.getProperty("mc.basedir", "."), "src/test/resources/good/runc-spec.json"));
        for (int i = 0; i < 5_000; i++) run(text); // warm up the JIT
        int n = 0;
        long start = System.nanoTime();
        while (System.nanoTime() - start < 500_000_000L) {
            run(text);
            n++;
        }
        double perSecond = n / ((System.nanoTime() - start) / 1e9);
        System.out.printf("load+validate of runc-spec.json: %.0f/s on one thread%n", perSecond);
        assertTrue(perSecond > 1_000, "only " + perSecond + "/s");
    }

    private static void run(String text) {
        LoadedSpec l = SpecLoader.parse("config.json", text);
        if (Validator.validate(l, false).hasErrors()) throw new AssertionError("runc-spec.json should be valid");
    }
}
