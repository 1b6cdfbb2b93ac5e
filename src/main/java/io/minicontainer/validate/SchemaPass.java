package io.minicontainer.validate;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;

/**
 * Decides, without the schema engine, that a config certainly passes config.schema.json. The bundled
 * schema uses only a handful of keywords (type, required, properties, additionalProperties, items,
 * minimum, maximum, local $ref), so they are evaluated here directly on the tree. networknt's first
 * validation on a cold JVM took ~90 ms (300 ms under load: podman's config, `create`, docs/STARTUP.md),
 * and every podman `create` has a config never seen before; this walk takes ~1-3 ms.
 *
 * <p>Only a "yes" is trusted. Anything else (a failed constraint, a keyword this class does not know, a
 * fraction where an integer may be expected) answers "not certain", and the caller runs networknt, which
 * finds and words the problems exactly as before. SchemaPassTest checks on thousands of mutated configs,
 * against every constraint of the schema, that a "yes" here is never a finding of networknt.
 *
 * <p>As {@link SchemaValidator}, the config is judged without its {@code null} members (they mean absent).
 */
public final class SchemaPass {
    private SchemaPass() {}

    /** A keyword (or keyword value) this evaluator does not handle: the engine must decide. */
    private static final class Unsupported extends RuntimeException {
        Unsupported() { super(null, null, false, false); } // control flow, no stack trace
    }

    /** True only when the tree certainly has no schema finding. */
    public static boolean certain(JsonNode tree) {
        return tree != null && certain(ConfigSchema.forChecks(), tree);
    }

    /** As {@link #certain(JsonNode)}, against another schema (tests). */
    static boolean certain(JsonNode schema, JsonNode tree) {
        try {
            return matches(schema, tree);
        } catch (Unsupported e) {
            return false;
        }
    }

    /** Every keyword of {@code schema} holds for {@code value} (2020-12: a $ref is one more constraint). */
    private static boolean matches(JsonNode schema, JsonNode value) {
        if (!schema.isObject()) throw new Unsupported(); // boolean schemas are not used
        for (Iterator<Map.Entry<String, JsonNode>> it = schema.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> k = it.next();
            JsonNode arg = k.getValue();
            switch (k.getKey()) {
                case "$ref" -> {
                    if (!matches(ConfigSchema.resolve(schema), value)) return false;
                }
                case "type" -> {
                    if (!hasType(arg, value)) return false;
                }
                case "required" -> {
                    if (value.isObject() && !hasAll(arg, value)) return false;
                }
                case "properties" -> {
                    if (value.isObject() && !propertiesMatch(arg, value)) return false;
                }
                case "additionalProperties" -> {
                    if (value.isObject() && !additionalMatch(arg, schema.get("properties"), value)) return false;
                }
                case "items" -> {
                    if (value.isArray()) {
                        for (JsonNode e : value) if (!matches(arg, e)) return false;
                    }
                }
                case "minimum" -> {
                    if (value.isNumber() && compare(value, arg) < 0) return false;
                }
                case "maximum" -> {
                    if (value.isNumber() && compare(value, arg) > 0) return false;
                }
                case "description", "title", "$schema", "$id", "$defs", "$comment" -> { } // annotations only
                default -> throw new Unsupported();
            }
        }
        return true;
    }

    private static boolean hasType(JsonNode type, JsonNode value) {
        if (type.isTextual()) return isA(type.textValue(), value);
        if (!type.isArray()) throw new Unsupported();
        for (JsonNode t : type) {
            if (!t.isTextual()) throw new Unsupported();
            if (isA(t.textValue(), value)) return true;
        }
        return false;
    }

    private static boolean isA(String type, JsonNode v) {
        return switch (type) {
            case "object" -> v.isObject();
            case "array" -> v.isArray();
            case "string" -> v.isTextual();
            case "boolean" -> v.isBoolean();
            case "null" -> v.isNull();
            // 2.0 is an integer to JSON Schema; the engines differ on such fractions: not certain
            case "integer" -> {
                if (v.isIntegralNumber()) yield true;
                if (v.isNumber()) throw new Unsupported();
                yield false;
            }
            case "number" -> v.isNumber();
            default -> throw new Unsupported();
        };
    }

    /** Every required name is present and not null (null members count as absent). */
    private static boolean hasAll(JsonNode required, JsonNode object) {
        if (!required.isArray()) throw new Unsupported();
        for (JsonNode name : required) {
            if (!name.isTextual()) throw new Unsupported();
            JsonNode v = object.get(name.textValue());
            if (v == null || v.isNull()) return false;
        }
        return true;
    }

    private static boolean propertiesMatch(JsonNode properties, JsonNode object) {
        if (!properties.isObject()) throw new Unsupported();
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> m = it.next();
            if (m.getValue().isNull()) continue;
            JsonNode sub = properties.get(m.getKey());
            if (sub != null && !matches(sub, m.getValue())) return false;
        }
        return true;
    }

    private static boolean additionalMatch(JsonNode additional, JsonNode properties, JsonNode object) {
        if (additional.isBoolean() && additional.booleanValue()) return true;
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> m = it.next();
            if (m.getValue().isNull() || (properties != null && properties.has(m.getKey()))) continue;
            if (!matches(additional, m.getValue())) return false;
        }
        return true;
    }

    /** Integers compared exactly (uint64's maximum does not fit a long); fractions are left to the engine. */
    private static int compare(JsonNode value, JsonNode bound) {
        if (!bound.isIntegralNumber() || !value.isIntegralNumber()) throw new Unsupported();
        if (value.canConvertToLong() && bound.canConvertToLong()) return Long.compare(value.longValue(), bound.longValue());
        return value.bigIntegerValue().compareTo(bound.bigIntegerValue());
    }
}
