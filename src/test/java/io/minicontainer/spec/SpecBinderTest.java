package io.minicontainer.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.minicontainer.testing.RepoConfigs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** The hand-written binder must give exactly Jackson's Spec, or decline so that Jackson binds. */
class SpecBinderTest {

    /** Jackson's result for the tree, or null if Jackson cannot bind it. */
    private static Spec jackson(JsonNode tree) {
        try {
            return SpecLoader.mapper().treeToValue(tree, Spec.class);
        } catch (Exception e) {
            return null;
        }
    }

    private static JsonNode tree(String json) {
        LoadedSpec l = SpecLoader.parse("t.json", json);
        assertTrue(l.parsed(), "test input must parse: " + json);
        return l.tree();
    }

    private static JsonNode tree(Path file) throws IOException {
        return tree(Files.readString(file, StandardCharsets.UTF_8));
    }

    private static List<Path> wellTypedFiles() throws IOException {
        return RepoConfigs.withBundles("examples", "src/test/resources/good");
    }

    @TestFactory
    Stream<DynamicTest> wellTypedConfigsBindExactlyAsJacksonDoes() throws IOException {
        List<Path> files = wellTypedFiles();
        assertTrue(files.size() >= 8, "expected the examples, good corpus and bundles, found " + files);
        return files.stream().map(f -> DynamicTest.dynamicTest(f.toString(), () -> {
            JsonNode tree = tree(f);
            Spec expected = jackson(tree);
            assertNotNull(expected, "Jackson binds " + f);
            Spec bound = SpecBinder.bindOrNull(tree);
            assertNotNull(bound, "a well-typed config takes the fast path: " + f);
            assertEquals(expected, bound);
        }));
    }

    @TestFactory
    Stream<DynamicTest> badCorpusBindsAsJacksonOrFallsBack() throws IOException {
        return RepoConfigs.jsonFiles("src/test/resources/bad").stream().map(f -> DynamicTest.dynamicTest(f.toString(), () -> {
            LoadedSpec l = SpecLoader.load(f); // bytes: some bad files are not UTF-8 on purpose
            if (!l.parsed() || !l.tree().isObject()) {
                assertNull(SpecBinder.bindOrNull(l.tree()), "nothing to bind in " + f);
                return;
            }
            Spec expected = jackson(l.tree());
            Spec bound = SpecBinder.bindOrNull(l.tree());
            if (expected == null) {
                // accepting what Jackson rejects would lose the "bind" diagnostic
                assertNull(bound, "Jackson rejects " + f + ", so must the fast binder");
            } else if (bound != null) {
                assertEquals(expected, bound);
            } else {
                // declined a value Jackson coerces (e.g. "5" for a string): the fallback gives Jackson's spec
                assertEquals(expected, l.spec());
            }
        }));
    }

    @Test
    void unsignedRlimitKeepsTheBits() {
        JsonNode t = tree("{\"process\":{\"rlimits\":[{\"type\":\"RLIMIT_CORE\",\"hard\":18446744073709551615,"
                + "\"soft\":9223372036854775808},{\"type\":\"RLIMIT_NOFILE\",\"hard\":1024,\"soft\":512}]}}");
        Spec s = SpecBinder.bindOrNull(t);
        assertNotNull(s);
        assertEquals(-1L, s.process().rlimits().get(0).hard());
        assertEquals(Long.MIN_VALUE, s.process().rlimits().get(0).soft());
        assertEquals(1024L, s.process().rlimits().get(1).hard());
        assertEquals(jackson(t), s);
    }

    @Test
    void absentAndNullAreNullOrZeroAsInJackson() {
        for (String json : List.of(
                "{}",
                "{\"ociVersion\":null,\"root\":null,\"process\":null,\"mounts\":null,\"annotations\":null,\"linux\":null}",
                "{\"process\":{\"user\":{},\"consoleSize\":{},\"args\":[\"sh\",null]}}",
                "{\"process\":{\"user\":{\"uid\":null,\"additionalGids\":[1,null]},\"consoleSize\":{\"height\":null}}}",
                "{\"linux\":{\"uidMappings\":[{}],\"resources\":{\"pids\":{},\"devices\":[{\"access\":\"rwm\"}]},"
                        + "\"sysctl\":{\"a\":null,\"b\":\"1\"},\"seccomp\":{\"syscalls\":[{\"args\":[{}]}]}}}",
                // Go writes empty lists as null; seccomp argument values are uint64
                "{\"linux\":{\"seccomp\":{\"flags\":null,\"architectures\":null,\"syscalls\":[{\"names\":[\"x\"],\"args\":null},"
                        + "{\"args\":[{\"value\":18446744073709551615,\"valueTwo\":18446744069414584320}]}]}}}",
                "{\"linux\":{\"resources\":{\"pids\":{\"limit\":null},\"devices\":[{\"allow\":null}]}},\"mounts\":[null]}")) {
            JsonNode t = tree(json);
            Spec expected = jackson(t);
            assertNotNull(expected, json);
            assertEquals(expected, SpecBinder.bindOrNull(t), json);
        }
        Spec empty = SpecBinder.bindOrNull(tree("{\"process\":{\"consoleSize\":{}}}"));
        assertNull(empty.ociVersion());
        assertNull(empty.process().args());
        assertEquals(0, empty.process().consoleSize().height());
    }

    @Test
    void unknownPropertiesAreIgnored() {
        JsonNode t = tree("{\"ociVersion\":\"1.0.2\",\"x\":{\"y\":[1,2]},\"process\":{\"args\":[\"sh\"],\"novel\":true,"
                + "\"user\":{\"uid\":5,\"extra\":\"z\"}},\"linux\":{\"intelRdt\":{\"closID\":\"a\"}}}");
        Spec s = SpecBinder.bindOrNull(t);
        assertNotNull(s);
        assertEquals(5L, s.process().user().uid());
        assertEquals(jackson(t), s);
    }

    @Test
    void numbersAtTheEdgesOfTheirTypes() {
        JsonNode t = tree("{\"process\":{\"oomScoreAdj\":-1000,\"user\":{\"uid\":4294967295,\"umask\":2147483647}},"
                + "\"linux\":{\"resources\":{\"memory\":{\"limit\":9223372036854775807,\"swap\":-1}}}}");
        Spec s = SpecBinder.bindOrNull(t);
        assertNotNull(s);
        assertEquals(jackson(t), s);
    }

    @Test
    void declinesWhatOnlyJacksonCanJudge() {
        for (String json : List.of(
                "{\"hostname\":5}",                                          // Jackson coerces to "5"
                "{\"root\":{\"readonly\":\"true\"}}",                        // Jackson coerces to true
                "{\"process\":{\"oomScoreAdj\":2147483648}}",                // out of int range
                "{\"process\":{\"user\":{\"uid\":9223372036854775808}}}",    // out of long range
                "{\"linux\":{\"resources\":{\"memory\":{\"limit\":6.5e7}}}}", // a fraction-typed number
                "{\"process\":{\"args\":\"sh\"}}",                           // not an array
                "{\"process\":{\"rlimits\":[{\"type\":\"RLIMIT_CORE\",\"soft\":0}]}}", // uint64 absent
                "{\"process\":\"sh\"}",                                      // not an object
                "{\"annotations\":{\"a\":1}}")) {                            // map value not a string
            assertNull(SpecBinder.bindOrNull(tree(json)), json);
            LoadedSpec viaLoader = SpecLoader.parse("t.json", json);
            Spec expected = jackson(viaLoader.tree());
            if (expected != null) assertEquals(expected, viaLoader.spec(), "the fallback is Jackson: " + json);
            else assertFalse(viaLoader.diagnostics().isEmpty(), "Jackson's bind diagnostic: " + json);
        }
    }
}
