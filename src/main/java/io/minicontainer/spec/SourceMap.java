package io.minicontainer.spec;

import java.util.HashMap;
import java.util.Map;

/**
 * JSON pointer → where it is in the source text. Positions are packed into one long
 * (line in the high half, column in the low half) so a map of a few hundred entries stays small.
 */
public final class SourceMap {
    /** 1-based line and column; {@link #NONE} (0:0) when unknown. */
    public record Position(int line, int column) {
        public static final Position NONE = new Position(0, 0);
        public boolean known() { return line > 0; }
    }

    private final Map<String, Long> values;
    private final Map<String, Long> names;

    private SourceMap(Map<String, Long> values, Map<String, Long> names) {
        this.values = values;
        this.names = names;
    }

    public static final SourceMap EMPTY = new SourceMap(Map.of(), Map.of());

    /** Where the value at {@code pointer} starts, or NONE. */
    public Position value(String pointer) { return unpack(values.get(pointer)); }

    /** Where the property name of {@code pointer} starts (object members only), or NONE. */
    public Position name(String pointer) { return unpack(names.get(pointer)); }

    public boolean contains(String pointer) { return values.containsKey(pointer); }

    /** The value position of the pointer or of its nearest ancestor that exists in the source. */
    public Position nearest(String pointer) {
        String p = pointer == null ? "" : pointer;
        while (true) {
            Long packed = values.get(p);
            if (packed != null) return unpack(packed);
            if (p.isEmpty()) return Position.NONE;
            p = JsonPointers.parent(p);
        }
    }

    public int size() { return values.size(); }

    private static Position unpack(Long packed) {
        if (packed == null) return Position.NONE;
        return new Position((int) (packed >>> 32), (int) (long) packed);
    }

    static long pack(long line, long column) { return (line << 32) | (column & 0xffffffffL); }

    /** Filled while the loader streams the tokens. */
    static final class Builder {
        private final Map<String, Long> values = new HashMap<>(256);
        private final Map<String, Long> names = new HashMap<>(128);

        void value(String pointer, int line, int column) { values.put(pointer, pack(line, column)); }

        void name(String pointer, int line, int column) { names.put(pointer, pack(line, column)); }

        SourceMap build() { return new SourceMap(values, names); }
    }
}
