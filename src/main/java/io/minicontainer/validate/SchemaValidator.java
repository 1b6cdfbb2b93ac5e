package io.minicontainer.validate;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonNodePath;
import com.networknt.schema.ValidationMessage;
import io.minicontainer.diag.Diagnostic;
import io.minicontainer.spec.JsonPointers;
import io.minicontainer.spec.LoadedSpec;
import io.minicontainer.diag.Diagnostic.Severity;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Checks the tree against config.schema.json and rewrites each finding in plain words. */
public final class SchemaValidator {
    public static final String CHECK = "schema";
    private static final String MISSING = "missing required property ";

    private SchemaValidator() {}

    public static List<Diagnostic> validate(LoadedSpec loaded) {
        if (loaded.tree() == null) return List.of();
        Set<ValidationMessage> messages = ConfigSchema.compiled().validate(NullMembers.withoutNulls(loaded.tree()));
        if (messages.isEmpty()) return List.of();
        Locator locator = new Locator(loaded);
        // networknt may report one problem through several keywords paths; keep each sentence once
        Set<String> seen = new LinkedHashSet<>();
        List<Diagnostic> out = new ArrayList<>(messages.size());
        for (ValidationMessage m : messages) {
            String pointer = pointer(m.getInstanceLocation());
            Explained e = explain(m);
            if (seen.add(pointer + '\n' + e.message)) {
                out.add(locator.at(Severity.ERROR, CHECK, pointer, e.message, e.hint));
            }
        }
        return out;
    }

    static boolean isMissingProperty(Diagnostic d) { return d.message().startsWith(MISSING); }

    /** networknt's instance path as an RFC 6901 pointer ("$.process.args[0]" → "/process/args/0"). */
    static String pointer(JsonNodePath path) {
        String p = "";
        if (path == null) return p;
        for (int i = 0; i < path.getNameCount(); i++) {
            Object e = path.getElement(i);
            p = e instanceof Integer ? JsonPointers.append(p, (Integer) e) : JsonPointers.append(p, String.valueOf(e));
        }
        return p;
    }

    private record Explained(String message, String hint) {}

    /** networknt gives the keyword's own value as the schema node: "integer", 0, ["a","b"]. */
    private static Explained explain(ValidationMessage m) {
        JsonNode keyword = m.getSchemaNode();
        JsonNode value = m.getInstanceNode();
        String k = keyword == null ? "" : keyword.isValueNode() ? keyword.asText() : keyword.toString();
        switch (m.getType()) {
            case "type":
                return new Explained("must be " + article(k) + ", got " + describe(value), typeHint(k, value));
            case "required":
                return new Explained(MISSING + "\"" + m.getProperty() + "\"", null);
            case "minimum":
                return new Explained("must be at least " + k + ", got " + describe(value), null);
            case "maximum":
                return new Explained("must be at most " + k + ", got " + describe(value), null);
            case "enum":
                return new Explained("must be one of " + k + ", got " + describe(value), null);
            default: {
                // fall back to networknt's own sentence without its "$.a.b: " location prefix
                String text = m.getMessage();
                int colon = text.indexOf(": ");
                return new Explained(colon >= 0 && text.startsWith("$") ? text.substring(colon + 2) : text, null);
            }
        }
    }

    private static String typeHint(String want, JsonNode value) {
        if (value == null || !value.isTextual()) return null;
        String s = value.asText().trim();
        if (want.equals("integer") && s.matches("-?\\d+")) return "remove the quotes around the number";
        if (want.equals("boolean") && (s.equals("true") || s.equals("false"))) return "remove the quotes around " + s;
        if (want.equals("integer")) return "IDs and limits are numbers; user and group names are not resolved";
        if (want.equals("array")) return "write a list: [\"" + s + "\"]";
        return null;
    }

    static String article(String type) {
        switch (type) {
            case "integer": return "an integer";
            case "object": return "an object";
            case "array": return "an array";
            default: return "a " + type;
        }
    }

    /** "string \"root\"", "number 1.5", "object", "null". */
    static String describe(JsonNode v) {
        if (v == null || v.isMissingNode()) return "nothing";
        if (v.isTextual()) {
            String s = v.asText();
            return "string \"" + (s.length() > 40 ? s.substring(0, 40) + "…" : s) + "\"";
        }
        if (v.isIntegralNumber()) return "integer " + v.asText();
        if (v.isNumber()) return "number " + v.asText();
        if (v.isBoolean()) return "boolean " + v.asText();
        if (v.isNull()) return "null";
        if (v.isArray()) return "an array";
        return "an object";
    }
}
