package io.minicontainer.validate;

import io.minicontainer.validate.core.DidYouMean;

import com.fasterxml.jackson.databind.JsonNode;
import io.minicontainer.diag.Diagnostic;
import io.minicontainer.spec.JsonPointers;
import io.minicontainer.spec.LoadedSpec;
import io.minicontainer.diag.Diagnostic.Severity;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Reports object keys the schema does not know. The OCI spec allows them, so they are warnings
 * (errors in strict mode); most of them are typos, hence the did-you-mean hint.
 */
public final class UnknownProperties {
    public static final String CHECK = "unknown-property";

    private UnknownProperties() {}

    public static List<Diagnostic> find(LoadedSpec loaded, boolean strict) {
        if (loaded.tree() == null) return List.of();
        List<Diagnostic> out = new ArrayList<>(0);
        walk(ConfigSchema.forChecks(), loaded.tree(), "", new Locator(loaded), strict ? Severity.ERROR : Severity.WARNING, out);
        return out;
    }

    private static void walk(JsonNode schema, JsonNode value, String pointer, Locator locator, Severity severity,
                             List<Diagnostic> out) {
        schema = ConfigSchema.resolve(schema);
        if (value.isObject()) {
            JsonNode properties = schema.get("properties");
            JsonNode additional = schema.get("additionalProperties");
            Iterator<Map.Entry<String, JsonNode>> fields = value.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> f = fields.next();
                String child = JsonPointers.append(pointer, f.getKey());
                JsonNode sub = properties == null ? null : properties.get(f.getKey());
                if (sub != null) {
                    walk(sub, f.getValue(), child, locator, severity, out);
                } else if (additional != null && additional.isObject()) {
                    // a map (annotations, sysctl, ...): any key is fine, its values still have a shape
                    walk(additional, f.getValue(), child, locator, severity, out);
                } else if (properties != null) {
                    String hint = DidYouMean.closest(f.getKey(), properties::fieldNames)
                            .map(s -> "did you mean \"" + s + "\"?").orElse(null);
                    out.add(locator.atName(severity, CHECK, child, "unknown property \"" + f.getKey() + "\"", hint));
                }
            }
        } else if (value.isArray()) {
            JsonNode items = schema.get("items");
            if (items == null) return;
            for (int i = 0; i < value.size(); i++) {
                walk(items, value.get(i), JsonPointers.append(pointer, i), locator, severity, out);
            }
        }
    }
}
