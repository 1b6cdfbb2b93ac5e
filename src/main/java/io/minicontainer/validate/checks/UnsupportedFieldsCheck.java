package io.minicontainer.validate.checks;

import com.fasterxml.jackson.databind.JsonNode;
import io.minicontainer.spec.JsonPointers;
import io.minicontainer.spec.LoadedSpec;
import io.minicontainer.validate.core.SupportTable;
import io.minicontainer.validate.core.SupportTable.Entry;
import io.minicontainer.validate.core.SupportTable.Status;
import io.minicontainer.validate.core.TreeCheck;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/**
 * The runtime-spec says a runtime that cannot apply a setting must fail: every field the
 * {@link SupportTable} marks refused is an error where the config asks for it. Read from the JSON
 * tree, so fields the model does not even bind cannot slip through.
 */
public final class UnsupportedFieldsCheck implements TreeCheck {
    @Override public String name() { return "unsupported"; }

    @Override
    public void check(LoadedSpec loaded, Sink sink) {
        if (loaded.tree() != null && loaded.tree().isObject()) walk(loaded.tree(), "", "", sink);
    }

    /** {@code node} is an applied object or array; {@code pattern} its pointer with "*" for indices. */
    private static void walk(JsonNode node, String pointer, String pattern, Sink sink) {
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) walk(node.get(i), JsonPointers.append(pointer, i), pattern + "/*", sink);
            return;
        }
        if (!node.isObject()) return;
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            String childPattern = JsonPointers.append(pattern, f.getKey());
            Optional<Entry> entry = SupportTable.entry(childPattern);
            if (entry.isEmpty()) continue; // a map key, or an unknown property (warned about elsewhere)
            String child = JsonPointers.append(pointer, f.getKey());
            if (entry.get().status() == Status.APPLIED) {
                walk(f.getValue(), child, childPattern, sink);
            } else if (entry.get().status() == Status.REFUSED && asksForSomething(f.getValue())) {
                sink.error(child, entry.get().why(), "remove " + child.substring(1).replace('/', '.'));
            }
        }
    }

    /** null, "", [] and {} (also nested) ask for nothing, so they are accepted like an absent field. */
    static boolean asksForSomething(JsonNode v) {
        if (v == null || v.isNull()) return false;
        if (v.isTextual()) return !v.textValue().isEmpty();
        if (v.isContainerNode()) {
            for (JsonNode child : v) if (asksForSomething(child)) return true;
            return false;
        }
        return true;
    }
}
