package io.minicontainer.validate;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.minicontainer.spec.SpecLoader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The schema as the runtime reads it: config.schema.json without its annotations (description, title),
 * on one line. They are two thirds of its 26 KB and only editors show them; reading the full document
 * on a cold JVM took 22-26 ms of every `create` and `run` (load 8, 7 runs), the compact one about a third
 * of that (docs/STARTUP.md). Written by the build ({@code process-classes}: {@code bench.WriteCompactSchema});
 * CompactSchemaTest checks the shipped copy is exactly this of the schema.
 */
public final class CompactSchema {
    private static final List<String> ANNOTATIONS = List.of("description", "title", "$comment");

    private CompactSchema() {}

    /** One line of JSON: the schema without annotations. */
    public static String text(JsonNode schema) throws IOException {
        JsonNode copy = schema.deepCopy();
        strip(copy);
        java.io.StringWriter w = new java.io.StringWriter();
        try (JsonGenerator g = SpecLoader.mapper().getFactory().createGenerator(w)) {
            SpecLoader.mapper().writeTree(g, copy);
        }
        return w.toString();
    }

    private static void strip(JsonNode n) {
        if (n instanceof ObjectNode o) {
            // "properties" names members, not keywords: a member called "description" stays
            List<String> names = new ArrayList<>();
            for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) names.add(it.next());
            for (String name : names) {
                JsonNode v = o.get(name);
                if (name.equals("properties") && v instanceof ObjectNode props) {
                    for (JsonNode p : props) strip(p);
                } else if (ANNOTATIONS.contains(name) && v.isTextual()) {
                    o.remove(name);
                } else {
                    strip(v);
                }
            }
        } else if (n.isArray()) {
            for (JsonNode e : n) strip(e);
        }
    }
}
