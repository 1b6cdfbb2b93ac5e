package io.minicontainer.validate;

import io.minicontainer.validate.core.SemanticCheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.minicontainer.diag.Diagnostic;
import io.minicontainer.spec.LoadedSpec;
import io.minicontainer.spec.SpecLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** examples/ and good/ must be clean; every bad/ file must produce exactly the diagnostics in bad/expected.tsv. */
class CorpusTest {
    static final Path BASE = Path.of(System.getProperty("mc.basedir", "."));
    static final Path BAD = BASE.resolve("src/test/resources/bad");

    record Expected(String severity, String pointer, int line, String message) {
        boolean matches(Diagnostic d) {
            return d.severity().name().equalsIgnoreCase(severity) && d.pointer().equals(pointer)
                    && d.line() == line && d.message().equals(message);
        }
    }

    static Stream<Path> goodFiles() throws IOException {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> s = Files.list(BASE.resolve("examples"))) { s.filter(p -> p.toString().endsWith(".json")).forEach(files::add); }
        try (Stream<Path> s = Files.list(BASE.resolve("src/test/resources/good"))) { s.filter(p -> p.toString().endsWith(".json")).forEach(files::add); }
        return files.stream().sorted();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goodFiles")
    void goodConfigsHaveNoDiagnostics(Path file) {
        ValidationResult r = Validator.validate(SpecLoader.load(file), true);
        assertTrue(r.diagnostics().isEmpty(), () -> file + ":\n" + render(r.diagnostics()));
    }

    @Test
    void thereAreAtLeastSixExamplesIncludingTheNamedOnes() throws IOException {
        for (String name : List.of("minimal", "limits", "caps-dropped", "non-root", "readonly-rootfs-tmpfs", "podman-style")) {
            assertTrue(Files.exists(BASE.resolve("examples/" + name + ".json")), name);
        }
    }

    static Map<String, List<Expected>> expectations() throws IOException {
        Map<String, List<Expected>> out = new LinkedHashMap<>();
        for (String line : Files.readAllLines(BAD.resolve("expected.tsv"))) {
            if (line.isBlank() || line.startsWith("#")) continue;
            String[] c = line.split("\t", -1);
            if (c.length != 5) throw new IllegalStateException("bad expected.tsv row: " + line);
            out.computeIfAbsent(c[0], k -> new ArrayList<>()).add(new Expected(c[1], c[2], Integer.parseInt(c[3]), c[4]));
        }
        return out;
    }

    static Stream<Arguments> badCases() throws IOException {
        return expectations().entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badCases")
    void badConfigProducesExactlyTheExpectedDiagnostics(String file, List<Expected> expected) {
        LoadedSpec loaded = SpecLoader.load(BAD.resolve(file));
        List<Diagnostic> actual = Validator.validate(loaded, false).diagnostics();
        for (Expected e : expected) {
            if (actual.stream().noneMatch(e::matches)) fail("missing " + e + " in\n" + render(actual));
        }
        for (Diagnostic d : actual) {
            if (d.isError() && expected.stream().noneMatch(e -> e.matches(d))) fail("unexpected error " + d.format());
        }
        for (Diagnostic d : actual) assertFalse(d.message().contains("Exception"), d.message());
    }

    @Test
    void everyBadFileHasExpectationsAndThereAreAtLeastForty() throws IOException {
        TreeSet<String> files = new TreeSet<>();
        try (Stream<Path> s = Files.list(BAD)) {
            s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json")).forEach(files::add);
        }
        assertEquals(files, new TreeSet<>(expectations().keySet()));
        assertTrue(files.size() >= 40, "only " + files.size() + " bad cases");
    }

    @Test
    void everySemanticCheckIsExercisedByTheBadCorpus() throws IOException {
        TreeSet<String> seen = new TreeSet<>();
        for (String file : expectations().keySet()) {
            for (Diagnostic d : Validator.validate(SpecLoader.load(BAD.resolve(file)), false).diagnostics()) seen.add(d.check());
        }
        for (SemanticCheck c : io.minicontainer.validate.checks.Checks.ALL) assertTrue(seen.contains(c.name()), c.name());
        for (String stage : List.of("syntax", "schema", "unknown-property", "bind", "duplicate-property")) {
            assertTrue(seen.contains(stage), stage);
        }
    }

    static String render(List<Diagnostic> ds) {
        StringBuilder b = new StringBuilder();
        for (Diagnostic d : ds) b.append("  ").append(d.format()).append('\n');
        return b.toString();
    }
}
