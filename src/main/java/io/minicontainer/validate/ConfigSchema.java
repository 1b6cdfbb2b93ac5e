package io.minicontainer.validate;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import io.minicontainer.spec.OwnResources;
import io.minicontainer.spec.SpecLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The bundled config.schema.json, loaded once on first use (holder idiom: lazy and thread-safe). */
public final class ConfigSchema {
    public static final String RESOURCE = "/schema/config.schema.json";
    /** The same without its annotations, made by the build (see {@link CompactSchema}): a third to read. */
    static final String COMPACT_RESOURCE = "/schema/config.schema.compact.json";

    private ConfigSchema() {}

    /** The document as the checks use it (SchemaPass, unknown properties, networknt): the compact copy. */
    private static final class NodeHolder {
        static final JsonNode NODE = read(true);
    }

    /** The full document, annotations included: only for showing or testing the schema itself. */
    private static final class FullHolder {
        static final JsonNode NODE = read(false);
    }

    /** networknt, loaded only when a config really has to be checked against the schema (see SchemaPass). */
    private static final class Holder {
        static {
            // networknt logs through SLF4J, which has no backend here and would print a 3-line warning
            // on every CLI run; keep it quiet unless the user asked for SLF4J's own diagnostics
            if (System.getProperty("slf4j.internal.verbosity") == null) System.setProperty("slf4j.internal.verbosity", "ERROR");
        }

        static final JsonSchema SCHEMA = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                .getSchema(NodeHolder.NODE, SchemaValidatorsConfig.builder().build());
    }

    /** The raw schema document, descriptions included. */
    public static JsonNode node() { return FullHolder.NODE; }

    /**
     * The schema for checking configs: the same keywords as {@link #node()}, without the annotations
     * ({@link CompactSchema}); its {@code $ref}s are what {@link #resolve} follows.
     */
    public static JsonNode forChecks() { return NodeHolder.NODE; }

    static JsonSchema compiled() { return Holder.SCHEMA; }

    /** Resolved "$ref" targets; the schema is small and fixed, so this stays tiny. */
    private static final Map<String, JsonNode> REFS = new ConcurrentHashMap<>();

    /** Follows a local "$ref": "#/$defs/x" so walkers see the real definition. */
    static JsonNode resolve(JsonNode schema) {
        JsonNode ref = schema.get("$ref");
        while (ref != null && ref.isTextual() && ref.asText().startsWith("#")) {
            // get/put, not computeIfAbsent(lambda): this runs on every start, where a lambda's first link costs ~0.1 ms
            JsonNode target = REFS.get(ref.asText());
            if (target == null) {
                target = NodeHolder.NODE.at(ref.asText().substring(1));
                REFS.putIfAbsent(ref.asText(), target);
            }
            schema = target;
            ref = schema.get("$ref");
        }
        return schema;
    }

    /** The compact copy when asked and the build made one (a classes directory outside Maven may lack it), else the schema itself. */
    private static JsonNode read(boolean compact) {
        try {
            byte[] text = compact ? OwnResources.read(ConfigSchema.class, COMPACT_RESOURCE) : null;
            if (text == null) text = OwnResources.read(ConfigSchema.class, RESOURCE);
            if (text == null) throw new IllegalStateException(RESOURCE + " is missing from the classpath");
            return SpecLoader.readTree(new String(text, java.nio.charset.StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
