package io.minicontainer.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.minicontainer.spec.LoadedSpec;
import io.minicontainer.spec.SpecLoader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The printed plan of every {@code examples/*.json} on this project's hybrid host, against a
 * golden file. After an intended change, regenerate with {@code mvn test -Dtest=PlanGoldenTest
 * -Dgolden.update=true} and review the diff.
 */
class PlanGoldenTest {
    private static final Path BASE = Path.of(System.getProperty("mc.basedir", "")).toAbsolutePath();
    private static final Path GOLDEN = BASE.resolve("src/test/resources/golden");
    private static final PlanRequest REQUEST = PlanRequest.forRun("golden", "/bundle");

    static List<Path> examples() throws IOException {
        try (Stream<Path> s = Files.list(BASE.resolve("examples"))) {
            List<Path> all = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
            assertFalse(all.isEmpty(), "no examples found under " + BASE);
            return all;
        }
    }

    @ParameterizedTest
    @MethodSource("examples")
    void text(Path example) throws IOException {
        check(example, ".plan.txt", PlanPrinter.text(plan(example)));
    }

    @ParameterizedTest
    @MethodSource("examples")
    void json(Path example) throws IOException {
        check(example, ".plan.json", PlanPrinter.json(plan(example)));
    }

    private static Plan plan(Path example) {
        LoadedSpec loaded = SpecLoader.load(example);
        return Planner.plan(loaded.spec(), REQUEST, TestFacts.hybrid());
    }

    private static void check(Path example, String suffix, String actual) throws IOException {
        Path golden = GOLDEN.resolve(example.getFileName().toString().replace(".json", suffix));
        if (Boolean.getBoolean("golden.update")) {
            Files.createDirectories(GOLDEN);
            Files.writeString(golden, actual, StandardCharsets.UTF_8);
            return;
        }
        assertFalse(!Files.exists(golden), golden + " is missing: run with -Dgolden.update=true");
        assertEquals(Files.readString(golden, StandardCharsets.UTF_8), actual,
                "plan of " + example.getFileName() + " changed; if intended, regenerate with -Dgolden.update=true");
    }
}
