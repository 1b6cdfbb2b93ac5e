package io.minicontainer.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;

/**
 * A reader for plain, well-formed JSON text that builds the same tree as {@link SpecLoader}'s Jackson path
 * (the same node types: int, long, BigInteger; members in order; names interned as Jackson interns them), or
 * declines with {@code null} whenever the text is anything else: a syntax error, a duplicate member, a fraction
 * or an exponent, a surrogate, a long string or number, deep nesting. Jackson then reads the text as before and
 * words every problem; {@code PlainJsonTest} holds this to Jackson's tree on every JSON file of the repository
 * and on thousands of mutants of them.
 *
 * <p>Why: on a cold JVM the JSON is read by interpreted code, and Jackson's parser (with its factory's start-up) runs
 * many more bytecodes per character. A cold `create` of podman's config (19 KB; the compact schema, 8 KB, too), main-
 * thread CPU by mc.timing's steps, median of 13 alternating pairs at load 5: "config loaded and bound" 14.5 -> 8.4 ms,
 * "validated" 18.3 -> 16.8 ms.
 */
final class PlainJson {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** Deeper, longer or bigger than any config needs: Jackson reads it (and applies its own limits). */
    private static final int MAX_DEPTH = 64, MAX_STRING = 65_536, MAX_DIGITS = 40;
    private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE), LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

    private final String text;
    private final int end;
    private int at;
    private final StringBuilder buf = new StringBuilder(64);

    /** Thrown to decline; never escapes {@link #read}. Without a stack trace: declining must stay cheap. */
    private static final class Decline extends Exception {
        static final Decline INSTANCE = new Decline();

        private Decline() { super(null, null, false, false); }
    }

    private PlainJson(String text) {
        this.text = text;
        this.end = text.length();
    }

    /** The tree of {@code text}, or null if the text is not plain well-formed JSON (see the class comment). */
    static JsonNode read(String text) {
        PlainJson r = new PlainJson(text);
        try {
            r.skipWhitespace();
            JsonNode root = r.value(0);
            r.skipWhitespace();
            return r.at == r.end ? root : null;
        } catch (Decline d) {
            return null;
        }
    }

    private void skipWhitespace() {
        while (at < end) {
            char c = text.charAt(at);
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') return;
            at++;
        }
    }

    private char peek() throws Decline {
        if (at >= end) throw Decline.INSTANCE;
        return text.charAt(at);
    }

    private JsonNode value(int depth) throws Decline {
        char c = peek();
        switch (c) {
            case '{': return object(depth + 1);
            case '[': return array(depth + 1);
            case '"': return NODES.textNode(string());
            case 't': literal("true"); return NODES.booleanNode(true);
            case 'f': literal("false"); return NODES.booleanNode(false);
            case 'n': literal("null"); return NODES.nullNode();
            default:
                if (c == '-' || (c >= '0' && c <= '9')) return number();
                throw Decline.INSTANCE;
        }
    }

    private ObjectNode object(int depth) throws Decline {
        if (depth > MAX_DEPTH) throw Decline.INSTANCE;
        at++; // {
        ObjectNode obj = NODES.objectNode();
        skipWhitespace();
        if (peek() == '}') {
            at++;
            return obj;
        }
        while (true) {
            if (peek() != '"') throw Decline.INSTANCE;
            String name = string().intern(); // Jackson interns member names (JsonFactory.Feature.INTERN_FIELD_NAMES)
            skipWhitespace();
            if (peek() != ':') throw Decline.INSTANCE;
            at++;
            skipWhitespace();
            if (obj.replace(name, value(depth)) != null) throw Decline.INSTANCE; // a duplicate: Jackson reports it
            skipWhitespace();
            char c = peek();
            at++;
            if (c == '}') return obj;
            if (c != ',') throw Decline.INSTANCE;
            skipWhitespace();
        }
    }

    private ArrayNode array(int depth) throws Decline {
        if (depth > MAX_DEPTH) throw Decline.INSTANCE;
        at++; // [
        ArrayNode arr = NODES.arrayNode();
        skipWhitespace();
        if (peek() == ']') {
            at++;
            return arr;
        }
        while (true) {
            arr.add(value(depth));
            skipWhitespace();
            char c = peek();
            at++;
            if (c == ']') return arr;
            if (c != ',') throw Decline.INSTANCE;
            skipWhitespace();
        }
    }

    /** A string at {@code at} (its opening quote), unescaped. */
    private String string() throws Decline {
        int start = ++at;
        // the common case: no escape, so the text itself
        while (at < end) {
            char c = text.charAt(at);
            if (c == '"') {
                if (at - start > MAX_STRING) throw Decline.INSTANCE;
                return text.substring(start, at++);
            }
            if (c == '\\') break;
            if (c < 0x20 || (c >= 0xD800 && c <= 0xDFFF)) throw Decline.INSTANCE;
            at++;
        }
        buf.setLength(0);
        buf.append(text, start, at);
        while (at < end) {
            char c = text.charAt(at++);
            if (c == '"') {
                if (buf.length() > MAX_STRING) throw Decline.INSTANCE;
                return buf.toString();
            }
            if (c < 0x20 || (c >= 0xD800 && c <= 0xDFFF)) throw Decline.INSTANCE;
            if (c != '\\') {
                buf.append(c);
                continue;
            }
            char e = peek();
            at++;
            switch (e) {
                case '"': case '\\': case '/': buf.append(e); break;
                case 'b': buf.append('\b'); break;
                case 'f': buf.append('\f'); break;
                case 'n': buf.append('\n'); break;
                case 'r': buf.append('\r'); break;
                case 't': buf.append('\t'); break;
                case 'u': {
                    if (at + 4 > end) throw Decline.INSTANCE;
                    int v = 0;
                    for (int i = 0; i < 4; i++) {
                        int d = Character.digit(text.charAt(at + i), 16);
                        if (d < 0 || text.charAt(at + i) > 'f') throw Decline.INSTANCE;
                        v = v * 16 + d;
                    }
                    if (v >= 0xD800 && v <= 0xDFFF) throw Decline.INSTANCE;
                    buf.append((char) v);
                    at += 4;
                    break;
                }
                default: throw Decline.INSTANCE;
            }
        }
        throw Decline.INSTANCE; // unterminated
    }

    private void literal(String word) throws Decline {
        if (!text.startsWith(word, at)) throw Decline.INSTANCE;
        at += word.length();
        requireDelimiter();
    }

    /** After a number or a literal: the end, whitespace or what closes or continues a container ("truex", "1a": Jackson's error). */
    private void requireDelimiter() throws Decline {
        if (at == end) return;
        char c = text.charAt(at);
        if (c != ',' && c != ']' && c != '}' && c != ' ' && c != '\n' && c != '\r' && c != '\t') throw Decline.INSTANCE;
    }

    /** An integer (JSON's grammar: no leading zero, no '+'); a fraction or an exponent declines. */
    private JsonNode number() throws Decline {
        int start = at;
        boolean negative = text.charAt(at) == '-';
        if (negative) at++;
        int digitsFrom = at;
        while (at < end && text.charAt(at) >= '0' && text.charAt(at) <= '9') at++;
        int digits = at - digitsFrom;
        if (digits == 0 || digits > MAX_DIGITS || (digits > 1 && text.charAt(digitsFrom) == '0')) throw Decline.INSTANCE;
        requireDelimiter(); // '.', 'e', 'E' decline here
        if (digits <= 18) {
            long v = 0;
            for (int i = digitsFrom; i < at; i++) v = v * 10 + (text.charAt(i) - '0');
            if (negative) v = -v;
            return v == (int) v ? NODES.numberNode((int) v) : NODES.numberNode(v);
        }
        BigInteger v = new BigInteger(text.substring(start, at));
        if (v.compareTo(LONG_MIN) >= 0 && v.compareTo(LONG_MAX) <= 0) return NODES.numberNode(v.longValue());
        return NODES.numberNode(v);
    }
}
