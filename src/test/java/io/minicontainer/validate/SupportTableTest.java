package io.minicontainer.validate;

import io.minicontainer.validate.core.SupportTable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.minicontainer.spec.Spec;
import io.minicontainer.validate.core.SupportTable.Entry;
import io.minicontainer.validate.core.SupportTable.Status;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The support table must classify every field, so none can be dropped silently: each record
 * component of the {@link Spec} model and each property of schema/config.schema.json (the
 * runtime-spec's Linux config) needs its own entry, or a refused/informational ancestor.
 */
class SupportTableTest {
    /** Property patterns of the schema, "*" for array items and map values. */
    static Set<String> schemaPatterns() {
        Set<String> out = new TreeSet<>();
        schema(ConfigSchema.node(), "", out, 0);
        return out;
    }

    private static void schema(JsonNode node, String pattern, Set<String> out, int depth) {
        if (depth > 40) throw new IllegalStateException("schema too deep at " + pattern);
        node = ConfigSchema.resolve(node);
        JsonNode props = node.get("properties");
        if (props != null) {
            Iterator<Map.Entry<String, JsonNode>> it = props.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> p = it.next();
                String child = pattern + "/" + p.getKey();
                out.add(child);
                schema(p.getValue(), child, out, depth + 1);
            }
        }
        if (node.has("items") && node.get("items").isObject()) schema(node.get("items"), pattern + "/*", out, depth + 1);
        JsonNode additional = node.get("additionalProperties");
        if (additional != null && additional.isObject()) schema(additional, pattern + "/*", out, depth + 1);
        for (String combinator : List.of("oneOf", "anyOf", "allOf")) {
            if (node.has(combinator)) for (JsonNode alt : node.get(combinator)) schema(alt, pattern, out, depth + 1);
        }
    }

    /** Record component patterns of the model, walked through records, lists and maps. */
    static Set<String> modelPatterns() {
        Set<String> out = new TreeSet<>();
        model(Spec.class, "", out);
        return out;
    }

    private static void model(Type type, String pattern, Set<String> out) {
        if (type instanceof ParameterizedType p) {
            Class<?> raw = (Class<?>) p.getRawType();
            Type[] args = p.getActualTypeArguments();
            if (List.class.isAssignableFrom(raw)) model(args[0], pattern + "/*", out);
            if (Map.class.isAssignableFrom(raw)) model(args[1], pattern + "/*", out);
            return;
        }
        if (type instanceof Class<?> c && c.isRecord()) {
            for (RecordComponent rc : c.getRecordComponents()) {
                // the JSON name, where it is not the component's ("class" is a Java keyword)
                com.fasterxml.jackson.annotation.JsonProperty renamed = rc.getAccessor().getAnnotation(com.fasterxml.jackson.annotation.JsonProperty.class);
                String child = pattern + "/" + (renamed != null ? renamed.value() : rc.getName());
                out.add(child);
                model(rc.getGenericType(), child, out);
            }
        }
    }

    private static List<String> unclassified(Set<String> patterns) {
        List<String> missing = new ArrayList<>();
        for (String p : patterns) if (SupportTable.classify(p).isEmpty()) missing.add(p);
        return missing;
    }

    @Test
    void everyPropertyOfTheSchemaIsClassified() {
        Set<String> patterns = schemaPatterns();
        assertTrue(patterns.size() > 200, "the walk found only " + patterns.size() + " properties");
        assertTrue(patterns.contains("/linux/resources/blockIO/throttleReadBpsDevice/*/rate"), "walks into arrays");
        assertEquals(List.of(), unclassified(patterns), "fields of schema/config.schema.json with no entry in SupportTable");
    }

    @Test
    void everyComponentOfTheSpecModelIsClassified() {
        Set<String> patterns = modelPatterns();
        assertTrue(patterns.contains("/linux/seccomp/syscalls/*/args/*/op"), "walks into lists of records");
        assertEquals(List.of(), unclassified(patterns), "components of spec.Spec with no entry in SupportTable");
    }

    @Test
    void everyEntryIsAFieldOfTheSchema() {
        Set<String> schema = schemaPatterns();
        List<String> stale = SupportTable.entries().stream().map(Entry::pattern).filter(p -> !schema.contains(p)).toList();
        assertEquals(List.of(), stale, "entries that name no schema property");
    }

    @Test
    void everyRefusalSaysWhyAndNothingIsClassifiedBelowARefusedOrInformationalField() {
        for (Entry e : SupportTable.entries()) {
            if (e.status() == Status.REFUSED) assertFalse(e.why().isBlank(), e.pattern());
            String p = e.pattern();
            for (int i = p.lastIndexOf('/'); i > 0; i = p.lastIndexOf('/', i - 1)) {
                String ancestor = p.substring(0, i);
                SupportTable.entry(ancestor).ifPresent(a -> assertEquals(Status.APPLIED, a.status(),
                        p + " sits below " + a.status() + " " + ancestor + " and would never be looked at"));
            }
        }
    }

    @Test
    void theFieldsNamedInTheIssueAreClassifiedAsExpected() {
        assertEquals(Status.APPLIED, SupportTable.status("/linux/resources/devices"));
        assertEquals(Status.APPLIED, SupportTable.status("/linux/devices"));
        assertEquals(Status.APPLIED, SupportTable.status("/linux/seccomp"));
        assertEquals(Status.APPLIED, SupportTable.status("/linux/sysctl"));
        assertEquals(Status.APPLIED, SupportTable.status("/linux/resources/blockIO/throttleReadBpsDevice"));
        assertEquals(Status.APPLIED, SupportTable.status("/linux/resources/memory/kernelTCP"));
        assertEquals(Status.APPLIED, SupportTable.status("/linux/personality/domain"));
        assertEquals(Status.APPLIED, SupportTable.status("/process/ioPriority/class"));
        for (String refused : List.of("/process/apparmorProfile", "/process/selinuxLabel", "/linux/mountLabel",
                "/linux/resources/blockIO/weight", "/linux/resources/blockIO/weightDevice", "/linux/resources/hugepageLimits",
                "/linux/resources/network", "/linux/resources/rdma", "/linux/resources/unified", "/linux/intelRdt",
                "/linux/personality/flags", "/process/scheduler", "/linux/timeOffsets")) {
            assertEquals(Status.REFUSED, SupportTable.status(refused), refused);
        }
        for (String info : List.of("/annotations", "/ociVersion", "/windows", "/solaris", "/vm")) {
            assertEquals(Status.INFORMATIONAL, SupportTable.status(info), info);
        }
    }
}
