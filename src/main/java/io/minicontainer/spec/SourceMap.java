package io.minicontainer.spec;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * JSON pointer → where it is in the source text, built in one streaming pass over the text.
 * The pass runs on the first lookup, not at load time: a valid config is never asked for
 * positions, and skipping the pass keeps load+validate cheap on the hot path.
 * Positions are packed into one long (line high, column low) to keep the maps small.
 */
public final class SourceMap {
    /** 1-based line and column; {@link #NONE} (0:0) when unknown. */
    public record Position(int line, int column) {
        public static final Position NONE = new Position(0, 0);
        public boolean known() { return line > 0; }
    }

    public static final SourceMap EMPTY = new SourceMap(null);

    private final String text;
    private Map<String, Long> values;
    private Map<String, Long> names;

    private SourceMap(String text) { this.text = text; }

    /** A map over {@code text}, which must be syntactically valid JSON. */
    public static SourceMap of(String text) { return new SourceMap(text); }

    /** Where the value at {@code pointer} starts, or NONE. */
    public Position value(String pointer) { return unpack(values().get(pointer)); }

    /** Where the property name of {@code pointer} starts (object members only), or NONE. */
    public Position name(String pointer) {
        values();
        return unpack(names.get(pointer));
    }

    public boolean contains(String pointer) { return values().containsKey(pointer); }

    /** The value position of the pointer or of its nearest ancestor that exists in the source. */
    public Position nearest(String pointer) {
        Map<String, Long> v = values();
        String p = pointer == null ? "" : pointer;
        while (true) {
            Long packed = v.get(p);
            if (packed != null) return unpack(packed);
            if (p.isEmpty()) return Position.NONE;
            p = JsonPointers.parent(p);
        }
    }

    public int size() { return values().size(); }

    private synchronized Map<String, Long> values() {
        if (values == null) build();
        return values;
    }

    private void build() {
        Map<String, Long> v = new HashMap<>(256);
        Map<String, Long> n = new HashMap<>(128);
        if (text != null) {
            try (JsonParser p = SpecLoader.factory().createParser(text)) {
                JsonToken t = p.nextToken();
                if (t != null) walk(p, t, "", v, n);
            } catch (IOException | RuntimeException e) {
                // a text that does not parse has no positions beyond what was read so far
            }
        }
        names = n;
        values = v;
    }

    private static void walk(JsonParser p, JsonToken t, String pointer, Map<String, Long> v, Map<String, Long> n)
            throws IOException {
        JsonLocation at = p.currentTokenLocation();
        v.put(pointer, pack(at.getLineNr(), at.getColumnNr()));
        if (t == JsonToken.START_OBJECT) {
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String child = JsonPointers.append(pointer, p.currentName());
                JsonLocation nameAt = p.currentTokenLocation();
                n.put(child, pack(nameAt.getLineNr(), nameAt.getColumnNr()));
                walk(p, p.nextToken(), child, v, n);
            }
        } else if (t == JsonToken.START_ARRAY) {
            int i = 0;
            JsonToken next;
            while ((next = p.nextToken()) != JsonToken.END_ARRAY) walk(p, next, JsonPointers.append(pointer, i++), v, n);
        }
    }

    private static Position unpack(Long packed) {
        if (packed == null) return Position.NONE;
        return new Position((int) (packed >>> 32), (int) (long) packed);
    }

    private static long pack(long line, long column) { return (line << 32) | (column & 0xffffffffL); }
}
