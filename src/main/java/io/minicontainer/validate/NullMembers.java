package io.minicontainer.validate;

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
 * {@code "member": null} means the member is absent. Go tools write empty lists as null (containers-common's
 * seccomp profile has {@code "args": null}) and runc reads them as absent; the binder already does, so the
 * schema is checked against the tree without them. Only {@code --strict} mentions them (a warning).
 */
public final class NullMembers {
    public static final String CHECK = "null-member";

    private NullMembers() {}

    /** The tree itself when it has no null member, else a copy without any. */
    public static JsonNode withoutNulls(JsonNode tree) {
        if (tree == null || !hasNull(tree)) return tree;
        JsonNode copy = tree.deepCopy();
        strip(copy);
        return copy;
    }

    public static List<Diagnostic> find(LoadedSpec loaded, boolean strict) {
        if (!strict || loaded.tree() == null) return List.of();
        List<Diagnostic> out = new ArrayList<>(0);
        collect(loaded.tree(), "", new Locator(loaded), out);
        return out;
    }

    private static boolean hasNull(JsonNode n) {
        if (n.isObject()) {
            for (Iterator<JsonNode> it = n.elements(); it.hasNext();) {
                JsonNode v = it.next();
                if (v.isNull() || hasNull(v)) return true;
            }
        } else if (n.isArray()) {
            for (JsonNode v : n) if (hasNull(v)) return true;
        }
        return false;
    }

    private static void strip(JsonNode n) {
        if (n.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> it = n.fields();
            while (it.hasNext()) {
                JsonNode v = it.next().getValue();
                if (v.isNull()) it.remove(); else strip(v);
            }
        } else if (n.isArray()) {
            for (JsonNode v : n) strip(v);
        }
    }

    private static void collect(JsonNode n, String pointer, Locator at, List<Diagnostic> out) {
        if (n.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> f = it.next();
                String child = JsonPointers.append(pointer, f.getKey());
                if (f.getValue().isNull()) {
                    out.add(at.at(Severity.WARNING, CHECK, child, "null is read as absent", "remove \"" + f.getKey() + "\""));
                } else {
                    collect(f.getValue(), child, at, out);
                }
            }
        } else if (n.isArray()) {
            for (int i = 0; i < n.size(); i++) collect(n.get(i), JsonPointers.append(pointer, i), at, out);
        }
    }
}
