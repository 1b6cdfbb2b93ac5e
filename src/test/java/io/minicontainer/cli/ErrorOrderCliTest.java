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

/**
 * Errors found by different checks come out in config order: here the host preflight finds /process/args/0 and
 * /mounts/6/source, the namespace preflight /hostname, which sits between them in the file.
 */
class ErrorOrderCliTest {
    @TempDir
    Path dir;

    @Test
    void planListsErrorsInConfigOrder() throws Exception {
        Files.createDirectories(dir.resolve("rootfs"));
        ObjectNode config = SpecLoader.mapper().valueToTree(DefaultSpec.create(List.of("/bin/no-such-program"), "rootfs", false));
        config.withArray("/mounts").addObject().put("destination", "/data").put("type", "bind")
                .put("source", dir.resolve("no-such-source").toString()).putArray("options").add("rbind");
        for (var ns : config.withArray("/linux/namespaces")) {
            if (ns.get("type").asText().equals("uts")) ((ObjectNode) ns).put("path", "/proc/self/ns/uts");
        }
        Files.writeString(dir.resolve("config.json"), config.toPrettyString());

        CliHarness.Result r = CliHarness.run("plan", dir.toString());
        assertEquals(ExitCode.INVALID_INPUT, r.exitCode(), r.err());
        List<String> pointers = r.err().lines().map(ErrorOrderCliTest::pointer).filter(p -> !p.isEmpty()).toList();
        // the first error is the last line (conmon shows only that), the others above it in config order
        assertEquals(List.of("/hostname", "/mounts/6/source", "/process/args/0"), pointers, r.err());
        assertTrue(r.err().lines().reduce((a, b) -> b).orElseThrow().contains("(and 2 more above"), r.err());
    }

    private static String pointer(String line) {
        for (String p : List.of("/hostname", "/mounts/6/source", "/process/args/0")) if (line.contains(": " + p + ": ")) return p;
        return "";
    }
}
