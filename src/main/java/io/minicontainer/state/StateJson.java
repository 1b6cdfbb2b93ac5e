package io.minicontainer.state;

import io.minicontainer.spec.JsonText;
import io.minicontainer.spec.Spec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * state.json without Jackson on the way: every OCI verb reads it and several write it, one process
 * each, and Jackson's streaming parser (~80 classes) was most of a short verb's own work: with it back,
 * `state` took 1.53x the empty JVM instead of 1.29x, +8.1 ms of CPU (31 A/B pairs, docs/STARTUP.md).
 * ObjectMapper is not used either (it costs a cold {@code run} ~50 ms).
 *
 * <p>Writing gives the bytes Jackson's generator gave: the same JSON as ObjectMapper gives for
 * {@link ContainerState} (null members left out, as its {@code @JsonInclude(NON_NULL)} says); StateJsonTest
 * compares them byte for byte. Reading takes the shapes this writer produces (any whitespace, members in
 * any order, repeated members: the last wins) and hands every other document to {@link JacksonStateJson}
 * (an unknown member, a number where a string belongs, anything malformed), so that no file is read
 * differently from before; StateJsonTest holds the two readers against each other on mutated documents.
 */
final class StateJson {
    private static final int MAX_OWN_READ = 50_000;

    private StateJson() {}

    static byte[] write(ContainerState s) {
        StringBuilder out = new StringBuilder(512);
        out.append('{');
        field(out, "ociVersion", s.ociVersion());
        field(out, "id", s.id());
        field(out, "status", s.status());
        name(out, "pid").append(s.pid());
        field(out, "bundle", s.bundle());
        if (s.annotations() != null) {
            name(out, "annotations").append('{');
            for (Map.Entry<String, String> e : s.annotations().entrySet()) {
                if (out.charAt(out.length() - 1) != '{') out.append(',');
                JsonText.string(out, e.getKey(), true).append(':');
                JsonText.string(out, e.getValue(), true);
            }
            out.append('}');
        }
        field(out, "rootfs", s.rootfs());
        field(out, "created", s.created());
        name(out, "pidStartTime").append(s.pidStartTime());
        strings(out, "cgroupDirs", s.cgroupDirs());
        strings(out, "cgroupCleanup", s.cgroupCleanup());
        if (s.hooks() != null) hooks(out, s.hooks());
        name(out, "paused").append(s.paused());
        out.append('}');
        // no surrogates are left (JsonText escapes them for UTF-8), so this is the UTF-8 Jackson wrote
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * pause and resume change one member: {@code json} (a document a reader took) with its last member, "paused",
     * set to {@code paused}, when the document ends with that member as {@link #write} wrote it and its object closes
     * at its last byte (JSON's last member wins, for both readers); null for any other document, which is then written
     * afresh. For what this class wrote, the bytes {@link #write} gives for the changed state (StateJsonTest). Writing
     * the state afresh escaped ~1,000 characters one by one in interpreted code: `pause` and `resume` -2.9 million
     * instructions of ~54 (callgrind, the whole JVM; docs/STARTUP.md, "lockverbs").
     */
    static byte[] withPaused(byte[] json, boolean paused) {
        byte[] from = (paused ? ",\"paused\":false}" : ",\"paused\":true}").getBytes(StandardCharsets.US_ASCII);
        byte[] to = (paused ? ",\"paused\":true}" : ",\"paused\":false}").getBytes(StandardCharsets.US_ASCII);
        int keep = json.length - from.length;
        if (keep < 1 || !Arrays.equals(json, keep, json.length, from, 0, from.length) || objectEnd(json) != json.length - 1) {
            return null;
        }
        byte[] out = Arrays.copyOf(json, keep + to.length);
        System.arraycopy(to, 0, out, keep, to.length);
        return out;
    }

    /** Where the first top-level object or array closes (strings and their escapes skipped), or -1. */
    static int objectEnd(byte[] b) {
        int depth = 0;
        boolean inString = false;
        for (int i = 0; i < b.length; i++) {
            byte c = b[i];
            if (inString) {
                if (c == '\\') i++;
                else if (c == '"') inString = false;
            } else if (c == '"') {
                inString = true;
            } else if (c == '{' || c == '[') {
                depth++;
            } else if ((c == '}' || c == ']') && --depth == 0) {
                return i;
            }
        }
        return -1;
    }

    static ContainerState read(byte[] json) throws IOException {
        ContainerState s = readOwn(json);
        return s != null ? s : JacksonStateJson.read(json);
    }

    /** This class's reader alone: null when it leaves the document to Jackson. */
    static ContainerState readOwn(byte[] json) {
        // Jackson's limits (a name of more than 50,000 characters, a string of more than 20 million) cannot be
        // exceeded in fewer bytes: a larger document is left to Jackson, which enforces them
        return json.length <= MAX_OWN_READ ? new Reader(json).state() : null;
    }

    /** A member's name and colon, after a comma unless it is the first member of its object. */
    private static StringBuilder name(StringBuilder out, String name) {
        if (out.charAt(out.length() - 1) != '{') out.append(',');
        return out.append('"').append(name).append("\":");
    }

    /** A string member, left out when null (NON_NULL). */
    private static void field(StringBuilder out, String name, String value) {
        if (value != null) JsonText.string(name(out, name), value, true);
    }

    /** A list of strings, left out when null; a null element is written as null, as ObjectMapper does. */
    private static void strings(StringBuilder out, String name, List<String> values) {
        if (values == null) return;
        name(out, name).append('[');
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) out.append(',');
            JsonText.string(out, values.get(i), true);
        }
        out.append(']');
    }

    private static void hooks(StringBuilder out, Spec.Hooks h) {
        name(out, "hooks").append('{');
        hookList(out, "prestart", h.prestart());
        hookList(out, "createRuntime", h.createRuntime());
        hookList(out, "createContainer", h.createContainer());
        hookList(out, "startContainer", h.startContainer());
        hookList(out, "poststart", h.poststart());
        hookList(out, "poststop", h.poststop());
        out.append('}');
    }

    private static void hookList(StringBuilder out, String name, List<Spec.Hook> hooks) {
        if (hooks == null) return;
        name(out, name).append('[');
        for (int i = 0; i < hooks.size(); i++) {
            if (i > 0) out.append(',');
            Spec.Hook h = hooks.get(i);
            if (h == null) {
                out.append("null");
                continue;
            }
            out.append('{');
            field(out, "path", h.path());
            strings(out, "args", h.args());
            strings(out, "env", h.env());
            if (h.timeout() != null) name(out, "timeout").append(h.timeout().intValue());
            out.append('}');
        }
        out.append(']');
    }

    /**
     * A reader for what {@link #write} produces, over the bytes: null (never an exception) for anything else,
     * which {@link JacksonStateJson} then reads or refuses. Strings must be well-formed UTF-8 (shortest forms, no
     * encoded surrogates) with JSON's escapes; numbers plain integers in range; literals true, false, null.
     * After the closing brace nothing is read, as Jackson read nothing there either.
     */
    private static final class Reader {
        private final byte[] b;
        private int i;
        private boolean failed;

        Reader(byte[] b) { this.b = b; }

        ContainerState state() {
            if (!skipTo('{')) return null;
            String ociVersion = null, id = null, status = null, bundle = null, rootfs = null, created = null;
            int pid = 0;
            long pidStartTime = 0;
            boolean paused = false;
            Map<String, String> annotations = null;
            List<String> cgroupDirs = null, cgroupCleanup = null;
            Spec.Hooks hooks = null;
            if (!emptyObject()) {
                do {
                    String name = key();
                    if (name == null) return null;
                    switch (name) {
                        case "ociVersion" -> ociVersion = stringOrNull();
                        case "id" -> id = stringOrNull();
                        case "status" -> status = stringOrNull();
                        case "pid" -> pid = (int) integer(Integer.MIN_VALUE, Integer.MAX_VALUE);
                        case "bundle" -> bundle = stringOrNull();
                        case "annotations" -> annotations = stringMap();
                        case "rootfs" -> rootfs = stringOrNull();
                        case "created" -> created = stringOrNull();
                        case "pidStartTime" -> pidStartTime = integer(Long.MIN_VALUE, Long.MAX_VALUE);
                        case "cgroupDirs" -> cgroupDirs = stringList();
                        case "cgroupCleanup" -> cgroupCleanup = stringList();
                        case "configHash" -> stringOrNull(); // written until the SHA-256 left create: nothing reads it
                        case "hooks" -> hooks = hooks();
                        case "paused" -> paused = bool();
                        default -> failed = true; // unknown: Jackson skips it
                    }
                    if (failed) return null;
                } while (nextMember());
                if (failed) return null;
            }
            return new ContainerState(ociVersion, id, status, pid, bundle, annotations, rootfs, created, pidStartTime,
                    cgroupDirs, cgroupCleanup, hooks, paused);
        }

        private Spec.Hooks hooks() {
            if (literal("null")) return null;
            if (!skipTo('{')) return fail();
            List<Spec.Hook> prestart = null, createRuntime = null, createContainer = null, startContainer = null,
                    poststart = null, poststop = null;
            if (!emptyObject()) {
                do {
                    String name = key();
                    if (name == null) return fail();
                    switch (name) {
                        case "prestart" -> prestart = hookList();
                        case "createRuntime" -> createRuntime = hookList();
                        case "createContainer" -> createContainer = hookList();
                        case "startContainer" -> startContainer = hookList();
                        case "poststart" -> poststart = hookList();
                        case "poststop" -> poststop = hookList();
                        default -> failed = true;
                    }
                    if (failed) return null;
                } while (nextMember());
                if (failed) return null;
            }
            return new Spec.Hooks(prestart, createRuntime, createContainer, startContainer, poststart, poststop);
        }

        private List<Spec.Hook> hookList() {
            if (literal("null")) return null;
            if (!skipTo('[')) return fail();
            List<Spec.Hook> hooks = new ArrayList<>();
            if (emptyArray()) return hooks;
            do {
                if (literal("null")) {
                    hooks.add(null);
                    continue;
                }
                if (!skipTo('{')) return fail();
                String path = null;
                List<String> args = null, env = null;
                Integer timeout = null;
                if (!emptyObject()) {
                    do {
                        String name = key();
                        if (name == null) return fail();
                        switch (name) {
                            case "path" -> path = stringOrNull();
                            case "args" -> args = stringList();
                            case "env" -> env = stringList();
                            case "timeout" -> timeout = literal("null") ? null : Integer.valueOf((int) integer(Integer.MIN_VALUE, Integer.MAX_VALUE));
                            default -> failed = true;
                        }
                        if (failed) return null;
                    } while (nextMember());
                    if (failed) return null;
                }
                hooks.add(new Spec.Hook(path, args, env, timeout));
            } while (nextElement());
            return failed ? null : hooks;
        }

        private List<String> stringList() {
            if (literal("null")) return null;
            if (!skipTo('[')) return fail();
            List<String> out = new ArrayList<>();
            if (emptyArray()) return out;
            do {
                out.add(stringOrNull());
                if (failed) return null;
            } while (nextElement());
            return failed ? null : out;
        }

        private Map<String, String> stringMap() {
            if (literal("null")) return null;
            if (!skipTo('{')) return fail();
            Map<String, String> out = new LinkedHashMap<>();
            if (emptyObject()) return out;
            do {
                String key = key();
                if (key == null) return fail();
                out.put(key, stringOrNull());
                if (failed) return null;
            } while (nextMember());
            return failed ? null : out;
        }

        /** A member's name and its colon; null (failed) when the next token is not a string. */
        private String key() {
            skipSpace();
            if (i >= b.length || b[i] != '"') return fail();
            String name = string();
            if (name == null || !skipTo(':')) return fail();
            return name;
        }

        /** After an object's member: true at ',', false at '}' (the object is done); anything else fails. */
        private boolean nextMember() { return separator('}'); }

        private boolean nextElement() { return separator(']'); }

        private boolean separator(char close) {
            skipSpace();
            if (i < b.length && b[i] == ',') {
                i++;
                return true;
            }
            if (i < b.length && b[i] == close) {
                i++;
                return false;
            }
            failed = true;
            return false;
        }

        /** Right after '{': consumes '}' when the object is empty. */
        private boolean emptyObject() { return emptyAfterOpen('}'); }

        private boolean emptyArray() { return emptyAfterOpen(']'); }

        private boolean emptyAfterOpen(char close) {
            skipSpace();
            if (i < b.length && b[i] == close) {
                i++;
                return true;
            }
            return false;
        }

        private String stringOrNull() {
            if (literal("null")) return null;
            skipSpace();
            if (i >= b.length || b[i] != '"') return fail();
            return string();
        }

        private boolean bool() {
            if (literal("true")) return true;
            if (literal("false")) return false;
            failed = true;
            return false;
        }

        /** -?(0|[1-9][0-9]*) within [min, max], not followed by a fraction or exponent (Jackson would coerce those). */
        private long integer(long min, long max) {
            skipSpace();
            int start = i;
            boolean negative = i < b.length && b[i] == '-';
            if (negative) i++;
            int digits = i;
            long value = 0;
            while (i < b.length && b[i] >= '0' && b[i] <= '9') {
                if (i - digits >= 18) return failLong(); // 19 digits and more may not fit: Jackson decides
                value = value * 10 + (b[i++] - '0');
            }
            if (i == digits || b[digits] == '0' && i - digits > 1) return failLong();
            if (i < b.length && (b[i] == '.' || b[i] == 'e' || b[i] == 'E')) return failLong();
            value = negative ? -value : value;
            if (value < min || value > max || start == i) return failLong();
            return value;
        }

        /** The exact literal, not followed by more of a word (nulls would be a different token). */
        private boolean literal(String word) {
            skipSpace();
            int n = word.length();
            if (i + n > b.length) return false;
            for (int k = 0; k < n; k++) if (b[i + k] != word.charAt(k)) return false;
            if (i + n < b.length && isWordByte(b[i + n])) return false;
            i += n;
            return true;
        }

        private static boolean isWordByte(byte c) {
            return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c < 0;
        }

        /**
         * Bytes {@code from..to} (printable ASCII: {@link #string} ends a run at anything else) as a String, which is
         * what decoding them as US-ASCII gives. Not through a Charset: StandardCharsets' initialiser (five charsets)
         * was the first use on `state`'s path: -0.67 M instructions of `state`'s 46.4 M, -0.42 M of `list`'s (callgrind;
         * docs/STARTUP.md, "readverbs").
         */
        @SuppressWarnings("deprecation") // String(byte[] ascii, int hibyte, ...): for hibyte 0, each byte is one char
        private String ascii(int from, int to) {
            return new String(b, 0, from, to - from);
        }

        /** At the opening quote: the decoded string, or null (failed). */
        private String string() {
            i++;
            StringBuilder out = null;
            int runStart = i;
            while (i < b.length) {
                int c = b[i] & 0xFF;
                if (c == '"') {
                    String s = out == null ? ascii(runStart, i) : out.append(ascii(runStart, i)).toString();
                    i++;
                    return s;
                }
                if (c >= 0x20 && c < 0x80 && c != '\\') {
                    i++;
                    continue;
                }
                if (out == null) out = new StringBuilder();
                out.append(ascii(runStart, i));
                if (c == '\\') {
                    if (!escape(out)) return fail();
                } else if (c < 0x20) {
                    return fail(); // a raw control character: Jackson refuses it
                } else if (!utf8(out, c)) {
                    return fail();
                }
                runStart = i;
            }
            return fail();
        }

        private boolean escape(StringBuilder out) {
            if (i + 1 >= b.length) return false;
            byte e = b[i + 1];
            i += 2;
            switch (e) {
                case '"' -> out.append('"');
                case '\\' -> out.append('\\');
                case '/' -> out.append('/');
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'u' -> {
                    if (i + 4 > b.length) return false;
                    int v = 0;
                    for (int k = 0; k < 4; k++) {
                        int d = Character.digit(b[i + k], 16);
                        if (d < 0 || b[i + k] < 0) return false;
                        v = v * 16 + d;
                    }
                    i += 4;
                    out.append((char) v);
                }
                default -> { return false; }
            }
            return true;
        }

        /** Well-formed UTF-8 only: shortest form, no surrogate code points, at most U+10FFFF. */
        private boolean utf8(StringBuilder out, int lead) {
            int need, min, cp;
            if (lead >= 0xC2 && lead <= 0xDF) {
                need = 1; min = 0x80; cp = lead & 0x1F;
            } else if (lead >= 0xE0 && lead <= 0xEF) {
                need = 2; min = 0x800; cp = lead & 0x0F;
            } else if (lead >= 0xF0 && lead <= 0xF4) {
                need = 3; min = 0x10000; cp = lead & 0x07;
            } else {
                return false;
            }
            if (i + need >= b.length) return false;
            for (int k = 1; k <= need; k++) {
                int c = b[i + k] & 0xFF;
                if ((c & 0xC0) != 0x80) return false;
                cp = (cp << 6) | (c & 0x3F);
            }
            if (cp < min || cp > 0x10FFFF || cp >= 0xD800 && cp <= 0xDFFF) return false;
            out.appendCodePoint(cp);
            i += need + 1;
            return true;
        }

        /** Whitespace, then {@code c}, consumed; false (not failed) when something else comes. */
        private boolean skipTo(char c) {
            skipSpace();
            if (i < b.length && b[i] == c) {
                i++;
                return true;
            }
            return false;
        }

        private void skipSpace() {
            while (i < b.length && (b[i] == ' ' || b[i] == '\n' || b[i] == '\r' || b[i] == '\t')) i++;
        }

        private <T> T fail() {
            failed = true;
            return null;
        }

        private long failLong() {
            failed = true;
            return 0;
        }
    }
}
