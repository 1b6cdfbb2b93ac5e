package io.minicontainer.validate.checks;

import com.fasterxml.jackson.databind.JsonNode;
import io.minicontainer.spec.JsonPointers;
import io.minicontainer.spec.LoadedSpec;
import io.minicontainer.validate.core.TreeCheck;
import java.util.Iterator;
import java.util.Map;

/**
 * Strings must mean what they say once they are bytes. Every string reaches C as NUL-terminated:
 * "/proc/<NUL>x" would mask all of /proc and "ab<NUL>cd" would become hostname "ab". So a NUL
 * anywhere, in a value or a key, is refused. A lone UTF-16 surrogate ("\\ud800" in JSON) has no UTF-8 form and would become "?": refused too.
 */
public final class StringsCheck implements TreeCheck {
    @Override public String name() { return "strings"; }

    @Override
    public void check(LoadedSpec loaded, Sink sink) {
        if (loaded.tree() != null) walk(loaded.tree(), "", sink);
    }

    /** Offset of the first unpaired surrogate, or -1. */
    static int loneSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }

    private static void walk(JsonNode node, String pointer, Sink sink) {
        if (node.isTextual()) {
            int at = node.textValue().indexOf('\0');
            if (at >= 0) {
                sink.error(pointer, "string contains a NUL character (\\u0000) at offset " + at
                        + "; C would read only what comes before it", "remove the \\u0000");
            } else if (loneSurrogate(node.textValue()) >= 0) {
                sink.error(pointer, "string contains a lone UTF-16 surrogate at offset " + loneSurrogate(node.textValue())
                        + ", which has no UTF-8 form", "escape a character outside the BMP as a surrogate pair");
            }
        } else if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> f = fields.next();
                String child = JsonPointers.append(pointer, f.getKey());
                if (f.getKey().indexOf('\0') >= 0 || loneSurrogate(f.getKey()) >= 0) {
                    sink.error(child, "property name contains a NUL character or a lone UTF-16 surrogate", "remove it");
                } else {
                    walk(f.getValue(), child, sink);
                }
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) walk(node.get(i), JsonPointers.append(pointer, i), sink);
        }
    }
}
