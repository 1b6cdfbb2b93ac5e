package io.minicontainer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every verb with --format refuses an unknown one as a usage error (64), before doing anything else. */
class FormatUsageCliTest {
    @TempDir
    static Path dir;

    /** Each verb's arguments around --format; the ids and paths need not exist, as the format is checked first. */
    static Stream<List<String>> verbs() {
        return Stream.of(
                List.of("list"), List.of("ps", "some-id"), List.of("validate", "examples/minimal.json"),
                List.of("audit", "examples/minimal.json"), List.of("plan", "examples"), List.of("run", "--dry-run", "examples"),
                List.of("exec", "some-id", "/bin/true"), List.of("diff", "examples/minimal.json", "examples/minimal.json"),
                List.of("/bin/sh", "."));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("verbs")
    void anUnknownFormatIsAUsageError(List<String> verb) throws Exception {
        List<String> args = new ArrayList<>(List.of("--root", Files.createDirectories(dir.resolve("state")).toString()));
        args.add(verb.get(0));
        args.addAll(List.of("--format", "yaml"));
        args.addAll(verb.subList(1, verb.size()));
        CliHarness.Result r = CliHarness.run(args.toArray(String[]::new));
        assertEquals(ExitCode.USAGE, r.exitCode(), r.err());
        assertTrue(r.err().contains("--format yaml: expected "), r.err());
        assertTrue(r.err().contains("--help' for usage."), r.err());
    }
}
