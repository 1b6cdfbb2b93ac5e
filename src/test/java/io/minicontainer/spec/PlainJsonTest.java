package io.minicontainer.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * PlainJson either declines (null) or gives exactly Jackson's tree (SpecLoader's Jackson path: node types
 * included, JsonNode.equals compares them), on every JSON file of the repository and on text mutants of
 * them; what Jackson refuses, PlainJson never accepts.
 */
class PlainJsonTest {
    /** Jackson's tree as SpecLoader builds it, or null when Jackson refuses the text (or reports a duplicate). */
    static JsonNode jackson(String text) {
        List<String> duplicates = new ArrayList<>();
        try {
            JsonNode tree = SpecLoader.readTreeWithJackson(text, duplicates);
            return duplicates.isEmpty() ? tree : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static void assertAgrees(String what, String text) {
        JsonNode plain = PlainJson.read(text);
        if (plain == null) return;
        JsonNode expected = jackson(text);
        assertNotNull(expected, what + ": PlainJson accepted what Jackson refuses: " + abbreviate(text));
        assertEquals(expected, plain, what);
        assertSameTypes(what, expected, plain);
    }

    /** JsonNode.equals on containers compares members with equals; this also checks every node's class and names' interning. */
    private static void assertSameTypes(String what, JsonNode a, JsonNode b) {
        assertEquals(a.getClass(), b.getClass(), what);
        if (a.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> ia = a.fields(), ib = b.fields();
            while (ia.hasNext()) {
                Map.Entry<String, JsonNode> ea = ia.next(), eb = ib.next();
                assertEquals(ea.getKey(), eb.getKey(), what + ": member order");
                assertTrue(ea.getKey() == ea.getKey().intern() && eb.getKey() == eb.getKey().intern(), what + ": interned names");
                assertSameTypes(what, ea.getValue(), eb.getValue());
            }
        } else if (a.isArray()) {
            for (int i = 0; i < a.size(); i++) assertSameTypes(what, a.get(i), b.get(i));
        }
    }

    private static String abbreviate(String s) { return s.length() <= 200 ? s : s.substring(0, 200) + "..."; }

    static List<Path> jsonFiles() throws IOException {
        List<Path> out = new ArrayList<>();
        for (String dir : List.of("examples", "schema", "src/test/resources", "bundles")) {
            if (!Files.isDirectory(Path.of(dir))) continue;
            try (Stream<Path> s = Files.walk(Path.of(dir))) {
                s.filter(p -> p.toString().endsWith(".json") && !p.toString().contains("/rootfs/")).sorted().forEach(out::add);
            }
        }
        return out;
    }

    @Test
    void everyJsonFileOfTheRepositoryReadsAsJacksonReadsIt() throws IOException {
        int accepted = 0;
        List<Path> files = jsonFiles();
        assertTrue(files.size() > 20, "files: " + files.size());
        for (Path f : files) {
            String text = new String(Files.readAllBytes(f), StandardCharsets.UTF_8);
            assertAgrees(f.toString(), text);
            if (PlainJson.read(text) != null) accepted++;
        }
        assertTrue(accepted > files.size() / 2, "accepted " + accepted + " of " + files.size());
        // the two texts every start reads
        assertNotNull(PlainJson.read(Files.readString(Path.of("examples/podman-style.json"))));
        assertNotNull(PlainJson.read(Files.readString(Path.of("target/classes/schema/config.schema.compact.json"))));
    }

    @Test
    void numbersGetJacksonsNodeTypes() {
        for (String n : List.of("0", "-0", "7", "-7", "2147483647", "2147483648", "-2147483648", "-2147483649", "4294967295",
                "999999999999999999", "-999999999999999999", "1000000000000000000", "9223372036854775807", "9223372036854775808",
                "-9223372036854775808", "-9223372036854775809", "18446744073709551615", "18446744073709551616",
                "123456789012345678901234567890", "01", "-", "-01", "1.5", "1e3", "1E3", "1.0", "-0.0", "+1", "1a", "0x10", ".5")) {
            assertAgrees(n, "{\"v\":" + n + "}");
            assertAgrees(n, "[" + n + "]");
            assertAgrees(n, n);
        }
        assertEquals(com.fasterxml.jackson.databind.node.LongNode.class, PlainJson.read("[2147483648]").get(0).getClass());
        assertEquals(com.fasterxml.jackson.databind.node.IntNode.class, PlainJson.read("[-2147483648]").get(0).getClass());
        assertEquals(com.fasterxml.jackson.databind.node.BigIntegerNode.class, PlainJson.read("[18446744073709551615]").get(0).getClass());
        assertNull(PlainJson.read("[1.5]"), "fractions are Jackson's");
    }

    @Test
    void stringsEscapesAndLiterals() {
        for (String s : List.of("\"\"", "\"a\"", "\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"", "\"\\u0041\\u00e9\\u20AC\"", "\"\\u00\"", "\"\\uzzzz\"",
                "\"\\x\"", "\"a\nb\"", "\"a\u0001\"", "\"a\u007f\"", "\"é€\"", "\"\\ud83d\\ude00\"", "\"\ud83d\ude00\"", "\"abc", "true",
                "false", "null", "tru", "truex", "nul", "True", "[true,false,null]", "[true ,false\t,null\n]", "{}", "[]", "{ }",
                "[ ]", "{\"a\":1,}", "[1,]", "[,1]", "{\"a\" 1}", "{a:1}", "{'a':1}", "{\"a\":1}}", "{\"a\":1} x", "{\"a\":1}\n",
                " {\"a\":1} ", "\ufeff{}", "{\"a\":1,\"a\":2}", "{\"a\":{\"b\":[1,{\"c\":null}]}}", "/*c*/{}", "{}//c", "[1 2]",
                "\u000b{}", "{\"\":0}", "{\"a\\u0000\":0}")) {
            assertAgrees(s, s);
        }
        // assertAgrees passes when PlainJson declines: these it must take itself (escapes, unicode escapes, literals, blanks, nesting)
        for (String s : List.of("\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"", "\"\\u0041\\u00e9\\u20AC\"", "\"\u00e9\u20ac\"",
                "[true ,false\t,null\n]", "{ }", "[ ]", "{\"a\":{\"b\":[1,{\"c\":null}]}}", " {\"a\":1} ")) {
            assertNotNull(PlainJson.read(s), "PlainJson declined plain JSON: " + s);
        }
        assertNull(PlainJson.read("{\"a\":1,\"a\":2}"), "duplicates are Jackson's, which reports them");
        StringBuilder deep = new StringBuilder();
        for (int i = 0; i < 200; i++) deep.append('[');
        for (int i = 0; i < 200; i++) deep.append(']');
        assertNull(PlainJson.read(deep.toString()), "deep nesting is Jackson's");
        assertAgrees("deep", deep.toString());
    }

    /** Every file, mutated at random places with the characters JSON's grammar turns on. */
    @Test
    void textMutantsNeverDisagree() throws IOException {
        String[] pieces = {"{", "}", "[", "]", ",", ":", "\"", "\\", "\\u", "\\n", "0", "-", "1", "9", ".", "e", "+", " ", "\n", "\t",
                "t", "true", "null", "x", "\u0000", "\u001f", "é", "\ud800", "99999999999", "99999999999999999999", "/", "#"};
        Random random = new Random(13);
        int checked = 0, accepted = 0;
        List<String> texts = new ArrayList<>();
        for (Path f : jsonFiles()) {
            if (Files.size(f) < 40_000) texts.add(new String(Files.readAllBytes(f), StandardCharsets.UTF_8));
        }
        for (int i = 0; i < 3_000; i++) {
            String text = texts.get(random.nextInt(texts.size()));
            StringBuilder b = new StringBuilder(text);
            int edits = 1 + random.nextInt(3);
            for (int e = 0; e < edits; e++) {
                int at = random.nextInt(b.length() + 1);
                switch (random.nextInt(3)) {
                    case 0 -> b.insert(at, pieces[random.nextInt(pieces.length)]);
                    case 1 -> { if (at < b.length()) b.deleteCharAt(at); }
                    default -> { if (at < b.length()) b.replace(at, at + 1, pieces[random.nextInt(pieces.length)]); }
                }
            }
            String mutant = b.toString();
            assertAgrees("mutant #" + i, mutant);
            checked++;
            if (PlainJson.read(mutant) != null) accepted++;
        }
        assertTrue(accepted > 200 && accepted < checked, "accepted " + accepted + " of " + checked);
    }
}
