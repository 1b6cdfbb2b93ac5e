package io.minicontainer.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.minicontainer.testing.RepoConfigs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** The hand-built tree and its indented text must be exactly what ObjectMapper writes for the same Spec. */
class SpecTreeTest {
    private static final ObjectWriter PRETTY = SpecLoader.mapper().writer(SerializationFeature.INDENT_OUTPUT);

    private static void assertSameAsJackson(Object value, String ours) throws IOException {
        assertEquals(PRETTY.writeValueAsString(value), ours);
    }

    private static void assertSameAsJackson(Spec spec) throws IOException {
        assertSameAsJackson(spec, SpecTree.pretty(SpecTree.of(spec)));
        assertEquals(SpecLoader.mapper().valueToTree(spec), SpecTree.of(spec));
    }

    private static List<Path> configs() throws IOException {
        return RepoConfigs.withBundles("examples", "src/test/resources/good", "src/test/resources/bad", "src/test/resources/quick");
    }

    @TestFactory
    Stream<DynamicTest> everyBoundConfigIsWrittenAsJacksonWritesIt() throws IOException {
        List<Path> files = configs();
        assertTrue(files.size() > 100, "expected the examples, the corpora and the bundles, found " + files.size());
        return files.stream().map(f -> DynamicTest.dynamicTest(f.toString(), () -> {
            LoadedSpec l = SpecLoader.load(f);
            if (l.spec() != null) assertSameAsJackson(l.spec());
        }));
    }

    @Test
    void nullsAreLeftOutOrWrittenAsJacksonDoes() throws IOException {
        Map<String, String> withNull = new LinkedHashMap<>();
        withNull.put("a", null);
        withNull.put("b", "c");
        assertSameAsJackson(new Spec(null, null, null, null, null, null, null, null, null));
        assertSameAsJackson(new Spec("1.0.2", new Spec.Root(null, null),
                new Spec.Process(null, new Spec.ConsoleSize(0, 0), new Spec.User(null, null, null, Arrays.asList(1L, null), null),
                        Arrays.asList("sh", null), List.of(), null, new Spec.Capabilities(null, List.of(), null, null, null),
                        Arrays.asList(new Spec.Rlimit(null, -1, Long.MIN_VALUE), null), null, null, null, null,
                        new Spec.IoPriority(null, 4)),
                null, null, Arrays.asList(new Spec.Mount(null, null, null, null), null),
                new Spec.Hooks(Arrays.asList(new Spec.Hook(null, null, null, null), null), null, List.of(), null, null, null),
                withNull,
                new Spec.Linux(Arrays.asList(new Spec.Namespace(null, null), null), Arrays.asList(new Spec.IdMapping(0, 0, 0), null),
                        null, new Spec.Resources(new Spec.Memory(null, null, null, null, null, null, null), new Spec.Pids(0),
                                new Spec.Cpu(null, null, null, null, null, null, null),
                                Arrays.asList(new Spec.DeviceRule(false, null, null, null, null), null),
                                new Spec.BlockIO(Arrays.asList(new Spec.ThrottleDevice(0, 0, -1), null), null, List.of(), null)),
                        null, withNull, null, null, Arrays.asList(new Spec.Device(null, null, null, null, null, null, null), null),
                        null, new Spec.Seccomp(null, null, null, null, Arrays.asList(new Spec.SyscallRule(null, null, null,
                                Arrays.asList(new Spec.SyscallArg(0, -1, null, null), null)), null), null, null),
                        null, new Spec.Personality(null, null))));
    }

    /** The hand-written string escapes: every ASCII character, DEL, non-ASCII, a surrogate pair and lone surrogates. */
    @Test
    void everyCharacterIsEscapedAsJacksonEscapesIt() throws IOException {
        StringBuilder all = new StringBuilder();
        for (char c = 0; c < 0x100; c++) all.append(c);
        all.append("\u2028\u2029\ufeff\uffff\ud83d\ude00\ud800x\udc00");
        List<String> args = new ArrayList<>(List.of(all.toString(), "", "\\", "\"", "\u0000"));
        java.util.Random random = new java.util.Random(13);
        for (int i = 0; i < 200; i++) {
            char[] s = new char[random.nextInt(12)];
            for (int k = 0; k < s.length; k++) s[k] = (char) (random.nextBoolean() ? random.nextInt(0x80) : random.nextInt(0x10000));
            args.add(new String(s));
        }
        Spec spec = DefaultSpec.create(args, all.toString(), false);
        assertSameAsJackson(spec);
        Map<String, String> annotations = new LinkedHashMap<>();
        for (String a : args) annotations.put(a, a);
        assertSameAsJackson(new Spec(null, null, null, null, null, null, null, annotations, null));
    }

    @Test
    void theDefaultConfigAndCapabilitiesAreWrittenAsJacksonWritesThem() throws IOException {
        assertSameAsJackson(DefaultSpec.create(List.of("/bin/sh", "-c", "echo \"hi\" \u00e9\t"), "/abs/rootfs", false));
        assertSameAsJackson(DefaultSpec.create(List.of("/bin/true"), "rootfs", true));
        Spec.Capabilities caps = new Spec.Capabilities(List.of("CAP_KILL"), null, List.of(), List.of("CAP_KILL"), null);
        assertSameAsJackson(caps, SpecTree.pretty(SpecTree.of(caps)));
    }
}
