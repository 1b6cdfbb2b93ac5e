package io.minicontainer.spec;

/**
 * JSON strings written as Jackson's generators write them, for the documents written without Jackson's streaming
 * generator: state.json and the OCI state (its cold start cost `state` +5.4 ms of CPU, 31 A/B pairs), and the quick
 * form's config (spec/SpecTree: 3.8 -> 0.9 ms; docs/STARTUP.md). Jackson 2.18 escapes '"', '\\' and the characters below
 * U+0020 (\b \t \n \f \r by name, the others as an uppercase backslash-u00XX) and writes every other character
 * as it is; its UTF-8 generator also escapes every surrogate, paired or not, that way.
 * StateJsonTest, OciStateTest and SpecTreeTest compare the output with Jackson's byte for byte.
 */
public final class JsonText {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private JsonText() {}

    /**
     * {@code s} quoted and escaped, or {@code null}. {@code forUtf8}: as Jackson's UTF-8 generator (surrogates
     * escaped, so the text has none left and its UTF-8 encoding is Jackson's bytes); otherwise as its Writer-based one.
     */
    public static StringBuilder string(StringBuilder out, String s, boolean forUtf8) {
        if (s == null) return out.append("null");
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                switch (c) {
                    case '\b' -> out.append("\\b");
                    case '\t' -> out.append("\\t");
                    case '\n' -> out.append("\\n");
                    case '\f' -> out.append("\\f");
                    case '\r' -> out.append("\\r");
                    default -> unicodeEscape(out, c);
                }
            } else if (forUtf8 && Character.isSurrogate(c)) {
                unicodeEscape(out, c);
            } else {
                out.append(c);
            }
        }
        return out.append('"');
    }

    private static void unicodeEscape(StringBuilder out, char c) {
        out.append("\\u").append(HEX[c >> 12]).append(HEX[(c >> 8) & 0xF]).append(HEX[(c >> 4) & 0xF]).append(HEX[c & 0xF]);
    }
}
