package io.minicontainer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.minicontainer.spec.DefaultSpec;
import io.minicontainer.spec.SpecLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A config warning says "warning:" once, after its position, on stderr and in a text --log. */
class WarningsCliTest {
    @TempDir
    Path dir;

    private Path bundleWithATypo() throws Exception {
        Files.createDirectories(dir.resolve("rootfs"));
        ObjectNode config = SpecLoader.mapper().valueToTree(DefaultSpec.create(List.of("/bin/sh"), "rootfs", false));
        config.put("hostnmae", "x");
        Files.writeString(dir.resolve("config.json"), config.toPrettyString());
        return dir;
    }

    private static int count(String text, String word) {
        int n = 0;
        for (int i = text.indexOf(word); i >= 0; i = text.indexOf(word, i + 1)) n++;
        return n;
    }

    @Test
    void aConfigWarningOnStderrSaysWarningOnce() throws Exception {
        CliHarness.Result r = CliHarness.run("plan", bundleWithATypo().toString());
        String line = r.err().lines().filter(l -> l.contains("hostnmae")).findFirst().orElseThrow(() -> new AssertionError(r.err()));
        assertEquals(1, count(line, "warning:"), line);
        assertTrue(line.startsWith("mini-container: ") && line.contains("/hostnmae: warning: unknown property"), line);
    }

    @Test
    void aConfigWarningInATextLogSaysWarningOnce() throws Exception {
        Path log = dir.resolve("log.txt");
        CliHarness.run("--log", log.toString(), "plan", bundleWithATypo().toString());
        String line = Files.readAllLines(log).stream().filter(l -> l.contains("hostnmae")).findFirst().orElseThrow();
        assertEquals(1, count(line, "warning:"), line);
    }
}
