package io.minicontainer.validate.checks;

import com.fasterxml.jackson.databind.JsonNode;
import io.minicontainer.spec.JsonPointers;
import io.minicontainer.spec.LoadedSpec;
import io.minicontainer.validate.TreeCheck;
import java.util.Iterator;
import java.util.Map;

/**
 * Every string reaches C as NUL-terminated: "/proc/<NUL>x" would mask all of /proc and
 * "ab<NUL>cd" would become hostname "ab". So a NUL anywhere, in a value or a key, is refused.
 */
public final class NulBytesCheck implements TreeCheck {
    @Override public String name() { return "nul-byte"; }

    @Override
    public void check(LoadedSpec loaded, Sink sink) {
        if (loaded.tree() != null) walk(loaded.tree(), "", sink);
    }

    private static void walk(JsonNode node, String pointer, Sink sink) {
        if (node.isTextual()) {
            int at = node.textValue().indexOf('\0');
            if (at >= 0) sink.error(pointer, "string contains a NUL character (\\u0000) at offset " + at
                    + "; C would read only what comes before it", "remove the \\u0000");
        } else if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> f = fields.next();
                String child = JsonPointers.append(pointer, f.getKey());
                if (f.getKey().indexOf('\0') >= 0) {
                    sink.error(child, "property name contains a NUL character (\\u0000)", "remove the \\u0000");
                } else {
                    walk(f.getValue(), child, sink);
                }
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) walk(node.get(i), JsonPointers.append(pointer, i), sink);
        }
    }
}
