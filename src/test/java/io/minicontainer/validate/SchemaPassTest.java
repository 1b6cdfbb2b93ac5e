package io.minicontainer.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.minicontainer.diag.Diagnostic;
import io.minicontainer.spec.LoadedSpec;
import io.minicontainer.spec.SpecLoader;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The property that lets `create` and `run` skip networknt: whenever {@link SchemaPass} says a config
 * certainly passes, networknt finds nothing in it. Checked on every config of the repository and on
 * mutants of a config that holds every property the schema describes (each one generated from the
 * schema), mutated at every node: wrong types, out-of-range and boundary numbers, fractions, huge
 * integers, missing members, null, extra nesting, extra members. And the other way round: SchemaPass
 * declines only what networknt rejects, or a fraction (left to the engine on purpose), so the fast path
 * is really taken for valid configs.
 */
class SchemaPassTest {
    private static final Path BASE = Path.of(System.getProperty("mc.basedir", "."));
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private record Verdicts(boolean cheap, List<Diagnostic> engine) {}

    private static Verdicts judge(String text) {
        LoadedSpec loaded = SpecLoader.parse("config.json", text);
        return new Verdicts(SchemaPass.certain(loaded.tree()), SchemaValidator.validate(loaded));
    }

    private static int checked;

    /** The property, plus: a "no" is a real finding or a fraction. */
    private static void assertAgree(String what, JsonNode tree) {
        String text = tree.toString();
        Verdicts v = judge(text);
        checked++;
        if (v.cheap() && !v.engine().isEmpty()) {
            fail(what + ": SchemaPass certified a config networknt rejects: " + v.engine().get(0).format() + "\n" + text);
        }
        if (!v.cheap() && v.engine().isEmpty() && !hasFraction(SpecLoader.parse("config.json", text).tree())) {
            fail(what + ": SchemaPass declined a config networknt accepts (the fast path would be lost)\n" + text);
        }
    }

    private static boolean hasFraction(JsonNode n) {
        if (n == null) return false;
        if (n.isNumber() && !n.isIntegralNumber()) return true;
        for (JsonNode c : n) if (hasFraction(c)) return true;
        return false;
    }

    static List<Path> repositoryConfigs() throws IOException {
        List<Path> files = new ArrayList<>();
        for (String dir : List.of("examples", "src/test/resources/good", "src/test/resources/bad")) {
            try (Stream<Path> s = Files.list(BASE.resolve(dir))) {
                s.filter(p -> p.toString().endsWith(".json")).sorted().forEach(files::add);
            }
        }
        files.add(BASE.resolve("bundles/busybox/config.json"));
        files.add(BASE.resolve("bundles/hostfs/config.json"));
        return files;
    }

    @Test
    void everyRepositoryConfigGetsTheEnginesVerdict() throws IOException {
        int certified = 0;
        for (Path file : repositoryConfigs()) {
            LoadedSpec loaded = SpecLoader.load(file);
            if (loaded.tree() == null) continue; // not JSON: no schema stage at all
            assertAgree(file.toString(), loaded.tree());
            if (SchemaPass.certain(loaded.tree())) certified++;
        }
        assertTrue(certified >= 20, "most repository configs are schema-valid and certified, got " + certified);
    }

    @Test
    void theExamplesTakeTheFastPath() throws IOException {
        try (Stream<Path> s = Files.list(BASE.resolve("examples"))) {
            for (Path p : s.filter(p -> p.toString().endsWith(".json")).toList()) {
                assertTrue(SchemaPass.certain(SpecLoader.load(p).tree()), p + " (podman's, among them)");
            }
        }
    }

    @Test
    void aConfigWithEveryPropertyOfTheSchemaPasses() {
        JsonNode full = instance(ConfigSchema.node());
        assertTrue(full.at("/linux/resources/rdma").isObject() && full.at("/process/scheduler/nice").isInt(), full::toString);
        Verdicts v = judge(full.toString());
        assertEquals(List.of(), v.engine(), full::toString);
        assertTrue(v.cheap(), full::toString);
    }

    @Test
    void everyMutationOfEveryNodeGetsTheEnginesVerdict() {
        JsonNode full = instance(ConfigSchema.node());
        checked = 0;
        List<String> pointers = new ArrayList<>();
        collect(full, "", pointers);
        for (String pointer : pointers) {
            for (Mutation m : MUTATIONS) {
                JsonNode mutant = full.deepCopy();
                if (m.apply(mutant, pointer)) assertAgree(m.name + " at " + pointer, mutant);
            }
        }
        assertTrue(checked > 5_000, "mutants checked: " + checked);
    }

    @Test
    void randomStacksOfMutationsOfPodmansConfigGetTheEnginesVerdict() throws IOException {
        JsonNode podman = SpecLoader.load(BASE.resolve("examples/podman-style.json")).tree();
        JsonNode full = instance(ConfigSchema.node());
        Random random = new Random(13);
        for (int i = 0; i < 600; i++) {
            JsonNode mutant = (i % 2 == 0 ? podman : full).deepCopy();
            int n = 1 + random.nextInt(3);
            for (int j = 0; j < n; j++) {
                List<String> pointers = new ArrayList<>();
                collect(mutant, "", pointers);
                String pointer = pointers.get(random.nextInt(pointers.size()));
                MUTATIONS.get(random.nextInt(MUTATIONS.size())).apply(mutant, pointer);
            }
            assertAgree("random stack #" + i, mutant);
        }
    }

    @Test
    void aKeywordItDoesNotKnowIsNeverCertified() {
        // a schema that grows a keyword (pattern, enum, oneOf, ...) sends every config to the engine until
        // SchemaPass learns it: slower, never wrong
        JsonNode tree = SpecLoader.parse("c.json", "{\"ociVersion\":\"1.0.2\"}").tree();
        JsonNode known = SpecLoader.parse("s.json", "{\"type\":\"object\",\"properties\":{\"ociVersion\":{\"type\":\"string\"}}}").tree();
        JsonNode unknown = SpecLoader.parse("s.json", "{\"type\":\"object\",\"properties\":{\"ociVersion\":{\"pattern\":\"^1\"}}}").tree();
        assertTrue(SchemaPass.certain(known, tree));
        assertFalse(SchemaPass.certain(unknown, tree));
        assertFalse(SchemaPass.certain(null));
    }

    // ---- a valid instance of a schema, with every property it describes ----

    private static JsonNode instance(JsonNode schema) {
        schema = ConfigSchema.resolve(schema);
        JsonNode type = schema.get("type");
        String t = type == null ? "object" : type.isArray() ? type.get(0).asText() : type.asText();
        switch (t) {
            case "object": {
                ObjectNode o = NODES.objectNode();
                JsonNode props = schema.get("properties");
                if (props != null) {
                    for (Iterator<Map.Entry<String, JsonNode>> it = props.fields(); it.hasNext(); ) {
                        Map.Entry<String, JsonNode> p = it.next();
                        o.set(p.getKey(), instance(p.getValue()));
                    }
                }
                JsonNode additional = schema.get("additionalProperties");
                if (additional != null && additional.isObject()) o.set("some-key", instance(additional));
                return o;
            }
            case "array": {
                ArrayNode a = NODES.arrayNode();
                if (schema.has("items")) a.add(instance(schema.get("items")));
                return a;
            }
            case "string": return NODES.textNode("x");
            case "boolean": return NODES.booleanNode(true);
            case "integer": return schema.has("minimum") ? schema.get("minimum") : NODES.numberNode(7);
            default: throw new AssertionError("schema type " + t);
        }
    }

    private static void collect(JsonNode n, String pointer, List<String> out) {
        out.add(pointer);
        if (n.isObject()) {
            for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
                String k = it.next();
                collect(n.get(k), io.minicontainer.spec.JsonPointers.append(pointer, k), out); // keys with / or ~ (sysctl, annotations)
            }
        } else if (n.isArray()) {
            for (int i = 0; i < n.size(); i++) collect(n.get(i), pointer + "/" + i, out);
        }
    }

    // ---- mutations at a pointer ----

    private record Mutation(String name, Edit edit) {
        boolean apply(JsonNode root, String pointer) { return edit.apply(root, pointer); }
    }

    private interface Edit {
        boolean apply(JsonNode root, String pointer);
    }

    private static final List<JsonNode> PALETTE = List.of(
            NODES.textNode("s"), NODES.textNode(""), NODES.textNode("12"), NODES.textNode("true"),
            NODES.numberNode(0), NODES.numberNode(-1), NODES.numberNode(1), NODES.numberNode(4294967295L),
            NODES.numberNode(4294967296L), NODES.numberNode(Long.MAX_VALUE), NODES.numberNode(Long.MIN_VALUE),
            NODES.numberNode(new BigInteger("9223372036854775808")), NODES.numberNode(new BigInteger("18446744073709551615")),
            NODES.numberNode(new BigInteger("18446744073709551616")), NODES.numberNode(new BigInteger("-9223372036854775809")),
            NODES.numberNode(new BigDecimal("1.5")), NODES.numberNode(new BigDecimal("2.0")), NODES.numberNode(new BigDecimal("-0.5")),
            NODES.booleanNode(true), NODES.booleanNode(false), NODES.nullNode(),
            NODES.objectNode(), NODES.arrayNode(), NODES.arrayNode().add("s"), NODES.arrayNode().add(1),
            NODES.arrayNode().add(NODES.nullNode()), NODES.objectNode().put("k", "v"), NODES.objectNode().put("k", 1));

    private static final List<Mutation> MUTATIONS = mutations();

    private static List<Mutation> mutations() {
        List<Mutation> out = new ArrayList<>();
        for (JsonNode v : PALETTE) out.add(new Mutation("replace with " + v, (root, p) -> replace(root, p, old -> v.deepCopy())));
        out.add(new Mutation("remove", SchemaPassTest::remove));
        out.add(new Mutation("wrap in an array", (root, p) -> replace(root, p, old -> NODES.arrayNode().add(old))));
        out.add(new Mutation("wrap in an object", (root, p) -> replace(root, p, old -> NODES.objectNode().set("x", old))));
        out.add(new Mutation("one less", (root, p) -> replace(root, p, old -> old.isIntegralNumber()
                ? NODES.numberNode(old.bigIntegerValue().subtract(BigInteger.ONE)) : null)));
        out.add(new Mutation("one more", (root, p) -> replace(root, p, old -> old.isIntegralNumber()
                ? NODES.numberNode(old.bigIntegerValue().add(BigInteger.ONE)) : null)));
        for (JsonNode v : List.of(NODES.textNode("s"), NODES.numberNode(-1), NODES.nullNode(), NODES.objectNode(), NODES.booleanNode(false))) {
            out.add(new Mutation("extra member " + v, (root, p) -> {
                JsonNode n = root.at(p);
                if (!(n instanceof ObjectNode o)) return false;
                o.set("extra", v.deepCopy());
                return true;
            }));
            out.add(new Mutation("extra element " + v, (root, p) -> {
                JsonNode n = root.at(p);
                if (!(n instanceof ArrayNode a)) return false;
                a.add(v.deepCopy());
                return true;
            }));
        }
        return out;
    }

    private static boolean replace(JsonNode root, String pointer, UnaryOperator<JsonNode> with) {
        if (pointer.isEmpty()) return false;
        JsonNode parent = root.at(pointer.substring(0, pointer.lastIndexOf('/')));
        String last = pointer.substring(pointer.lastIndexOf('/') + 1);
        JsonNode replacement = with.apply(root.at(pointer));
        if (replacement == null) return false;
        if (parent instanceof ObjectNode o) o.set(last, replacement);
        else if (parent instanceof ArrayNode a) a.set(Integer.parseInt(last), replacement);
        else return false;
        return true;
    }

    private static boolean remove(JsonNode root, String pointer) {
        if (pointer.isEmpty()) return false;
        JsonNode parent = root.at(pointer.substring(0, pointer.lastIndexOf('/')));
        String last = pointer.substring(pointer.lastIndexOf('/') + 1);
        if (parent instanceof ObjectNode o) o.remove(last);
        else if (parent instanceof ArrayNode a) a.remove(Integer.parseInt(last));
        else return false;
        return true;
    }
}
