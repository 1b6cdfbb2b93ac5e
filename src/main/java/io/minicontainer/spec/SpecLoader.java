package io.minicontainer.spec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.minicontainer.diag.Diagnostic;
import io.minicontainer.diag.Diagnostic.Severity;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a config.json into a tree and a {@link Spec}, with a {@link SourceMap} for positions.
 * Never throws for bad input: every problem becomes a {@link Diagnostic}.
 */
public final class SpecLoader {
    /**
     * Shared: Jackson factories and mappers are thread-safe and costly to build. Built on first use: a config
     * that {@link PlainJson} reads needs no parser.
     */
    private static final class FactoryHolder {
        static final JsonFactory FACTORY = new JsonFactory();
    }

    static JsonFactory factory() { return FactoryHolder.FACTORY; }
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /**
     * Built on first use only: constructing an ObjectMapper loads most of databind (~60 ms cold), and a
     * well-typed config never needs it (the tree is read with the streaming parser, {@link SpecBinder} binds).
     */
    private static final class MapperHolder {
        // 6.5e7 is an integer to JSON Schema too; the schema (not binding) rejects real fractions
        static final ObjectMapper MAPPER = new ObjectMapper(factory());
    }

    /** The shared mapper for the Jackson binding fallback and for writing JSON. */
    public static ObjectMapper mapper() { return MapperHolder.MAPPER; }

    private SpecLoader() {}

    public static LoadedSpec load(Path file) {
        String name = file.toString();
        try {
            return parseBytes(name, Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            return failed(name, "", "cannot read the file: it does not exist", null);
        } catch (IOException e) {
            return failed(name, "", "cannot read the file: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()), null);
        }
    }

    /**
     * Decodes the file strictly as UTF-8 (the runtime-spec's encoding): a malformed byte is an error at
     * its line:column and the pointer being read there, never a silent replacement character. A leading
     * byte order mark is refused with its own sentence (runc refuses it too).
     */
    public static LoadedSpec parseBytes(String fileName, byte[] bytes) {
        if (bytes.length >= 3 && (bytes[0] & 0xff) == 0xEF && (bytes[1] & 0xff) == 0xBB && (bytes[2] & 0xff) == 0xBF) {
            return failed(fileName, "", syntax(fileName, 1, 1, "the file starts with a UTF-8 byte order mark (U+FEFF), which JSON does not allow",
                    "save the file as UTF-8 without a BOM"));
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length + 1);
        CoderResult r = decoder.decode(in, out, true);
        if (r.isError()) {
            out.flip();
            return notUtf8(fileName, out.toString(), bytes[in.position()] & 0xff);
        }
        decoder.flush(out);
        out.flip();
        return parse(fileName, out.toString());
    }

    /** The valid text before the bad byte says where it is: its line:column and the member being read. */
    private static LoadedSpec notUtf8(String fileName, String before, int badByte) {
        int line = 1, column = 1;
        for (int i = 0; i < before.length(); i++) {
            if (before.charAt(i) == '\n') { line++; column = 1; } else column++;
        }
        String pointer = "";
        try (JsonParser p = factory().createParser(before)) {
            JsonToken last = null;
            try {
                for (JsonToken t; (t = p.nextToken()) != null; last = t) {
                    if (t == JsonToken.VALUE_STRING) p.getText(); // strings are read lazily: finish this one first
                }
            } catch (IOException e) {
                // the prefix ends mid-value or mid-name: the context still says where
            }
            com.fasterxml.jackson.core.JsonStreamContext ctx = p.getParsingContext();
            // in an object after a complete member, the bad byte is in the next name: point at the object
            if (ctx != null && ctx.inObject() && last != JsonToken.FIELD_NAME && ctx.getParent() != null) ctx = ctx.getParent();
            if (ctx != null) pointer = ctx.pathAsPointer().toString();
        } catch (IOException e) {
            pointer = "";
        }
        return failed(fileName, "", new Diagnostic(Severity.ERROR, "syntax", fileName, pointer, line, column,
                String.format("the file is not valid UTF-8 (byte 0x%02x)", badByte),
                "a config must be UTF-8; convert it, for example with iconv -t UTF-8"));
    }

    public static LoadedSpec parse(String fileName, String text) {
        if (text.isBlank()) {
            return failed(fileName, text, "the file is empty", "a config needs at least {\"ociVersion\": \"1.0.2\", ...}");
        }
        List<Diagnostic> diags = new ArrayList<>(2);
        List<String> duplicates = new ArrayList<>(0);
        JsonNode tree = PlainJson.read(text); // the same tree, or null: then Jackson reads it and words its problems
        if (tree == null) {
            LoadedSpec failed = readWithJackson(fileName, text, duplicates);
            if (failed.tree() == null) return failed;
            tree = failed.tree();
        }
        return bound(fileName, text, tree, duplicates, diags);
    }

    /** Jackson's reading: the tree (in a LoadedSpec without a spec), or the failed LoadedSpec with the syntax error. */
    private static LoadedSpec readWithJackson(String fileName, String text, List<String> duplicates) {
        JsonNode tree;
        JsonParser reading = null; // its context names where a limit was hit (those exceptions carry no parser)
        try (JsonParser p = factory().createParser(text)) {
            reading = p;
            JsonToken first = p.nextToken();
            tree = readValue(p, first, duplicates);
            if (p.nextToken() != null) {
                JsonLocation at = p.currentTokenLocation();
                return failed(fileName, text, syntax(fileName, at.getLineNr(), at.getColumnNr(),
                        "unexpected content after the end of the JSON document",
                        "a config is a single object; remove what follows its closing brace"));
            }
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            SyntaxErrors.Explained ex = SyntaxErrors.explain(e);
            return failed(fileName, text, new Diagnostic(Severity.ERROR, "syntax", fileName, whereInDocument(e, reading),
                    at == null ? 0 : Math.max(at.getLineNr(), 0), at == null ? 0 : Math.max(at.getColumnNr(), 0),
                    ex.message(), ex.hint()));
        } catch (IOException e) {
            return failed(fileName, text, "cannot read the text: " + e.getMessage(), null);
        }
        return new LoadedSpec(fileName, text, tree, SourceMap.EMPTY, null, List.of());
    }

    private static LoadedSpec bound(String fileName, String text, JsonNode tree, List<String> duplicates, List<Diagnostic> diags) {
        SourceMap sourceMap = SourceMap.of(text);
        for (String pointer : duplicates) {
            SourceMap.Position at = sourceMap.name(pointer); // the map keeps the last occurrence
            diags.add(new Diagnostic(Severity.WARNING, "duplicate-property", fileName, pointer, at.line(), at.column(),
                    "duplicate property \"" + JsonPointers.lastSegment(pointer) + "\"; only this last one counts", null));
        }
        Spec spec = null;
        if (tree.isObject()) {
            // the hand-written binder is fast on a cold JVM; Jackson handles (and words) whatever it declines
            spec = SpecBinder.bindOrNull(tree);
            if (spec == null) spec = bind(fileName, tree, sourceMap, diags);
        }
        return new LoadedSpec(fileName, text, tree, sourceMap, spec, List.copyOf(diags));
    }

    /** Gives up after this many unbindable values; a config with more is not worth salvaging. */
    private static final int MAX_BIND_REPAIRS = 32;

    /**
     * Binds the tree; a value that cannot be bound is reported, dropped from a copy of the tree and
     * binding is retried, so that the semantic checks still see the rest of the config. The result
     * is then only good for diagnostics: the ERROR in {@code diags} keeps it from being run.
     */
    private static Spec bind(String fileName, JsonNode tree, SourceMap map, List<Diagnostic> diags) {
        JsonNode current = tree;
        for (int attempt = 0; attempt <= MAX_BIND_REPAIRS; attempt++) {
            try {
                return mapper().treeToValue(current, Spec.class);
            } catch (JsonMappingException e) {
                String pointer = pointerOf(e);
                SourceMap.Position at = map.nearest(pointer);
                JsonNode value = tree.at(pointer);
                String shown = value.isMissingNode() ? "the value" : "value " + abbreviate(value.toString());
                diags.add(new Diagnostic(Severity.ERROR, "bind", fileName, pointer, at.line(), at.column(),
                        shown + " has the wrong type or is out of range for this field", null));
                if (attempt == 0) current = tree.deepCopy();
                if (!drop(current, pointer)) return null;
            } catch (JsonProcessingException | IllegalArgumentException e) {
                diags.add(new Diagnostic(Severity.ERROR, "bind", fileName, "", 0, 0,
                        "the config could not be read into the model", null));
                return null;
            }
        }
        return null;
    }

    /** Removes an object member, or nulls an array element (keeping the other indices stable). */
    private static boolean drop(JsonNode root, String pointer) {
        if (pointer.isEmpty()) return false;
        JsonNode parent = root.at(JsonPointers.parent(pointer));
        String last = JsonPointers.lastSegment(pointer);
        if (parent instanceof ObjectNode o && o.has(last)) {
            o.remove(last);
            return true;
        }
        if (parent instanceof ArrayNode a) {
            try {
                int i = Integer.parseInt(last);
                if (i < a.size() && !a.get(i).isNull()) {
                    a.set(i, NODES.nullNode());
                    return true;
                }
            } catch (NumberFormatException ignored) {
                // not an index: nothing we can drop
            }
        }
        return false;
    }

    private static String abbreviate(String s) { return s.length() > 40 ? s.substring(0, 40) + "…" : s; }

    static String pointerOf(JsonMappingException e) {
        StringBuilder b = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) b.replace(0, b.length(), JsonPointers.append(b.toString(), r.getFieldName()));
            else if (r.getIndex() >= 0) b.append('/').append(r.getIndex());
        }
        return b.toString();
    }

    /**
     * Reads a JSON document (a resource such as the schema) into a tree with the streaming parser alone,
     * so that no ObjectMapper is needed. Integers become the same nodes as with {@code readTree}; fractions
     * become exact DecimalNodes (the bundled schema has none).
     */
    public static JsonNode readTree(java.io.InputStream in) throws IOException {
        return readTree(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
    }

    /**
     * As {@link #readTree(java.io.InputStream)}, from text. The char parser is the one that has just read
     * config.json on every start; the byte parser is other, still interpreted code: reading the compact
     * schema with it cost 9.1 ms of CPU in a cold JVM that had just parsed podman's config, from text 4.6 ms
     * (median of 15 alternating pairs, load 3).
     */
    public static JsonNode readTree(String text) throws IOException {
        JsonNode plain = PlainJson.read(text);
        if (plain != null) return plain;
        try (JsonParser p = factory().createParser(text)) {
            JsonToken first = p.nextToken();
            if (first == null) throw new IOException("empty JSON document");
            return readValue(p, first, new ArrayList<>(0));
        }
    }

    /** Jackson's tree of {@code text} as {@link #parse} reads it (content after the document refused): what PlainJsonTest compares with. */
    static JsonNode readTreeWithJackson(String text, List<String> duplicates) throws IOException {
        try (JsonParser p = factory().createParser(text)) {
            JsonNode tree = readValue(p, p.nextToken(), duplicates);
            if (p.nextToken() != null) throw new IOException("content after the end of the document");
            return tree;
        }
    }

    /** Builds the node for the current token; like readTree, but duplicate keys are reported. */
    private static JsonNode readValue(JsonParser p, JsonToken t, List<String> duplicates) throws IOException {
        switch (t) {
            case START_OBJECT: {
                ObjectNode obj = NODES.objectNode();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    JsonNode value = readValue(p, p.nextToken(), duplicates);
                    if (obj.replace(key, value) != null) {
                        // the parser is back in this object with "key" as current name: its path is the member's
                        duplicates.add(p.getParsingContext().pathAsPointer().toString());
                    }
                }
                return obj;
            }
            case START_ARRAY: {
                ArrayNode arr = NODES.arrayNode();
                JsonToken next;
                while ((next = p.nextToken()) != JsonToken.END_ARRAY) {
                    arr.add(readValue(p, next, duplicates));
                }
                return arr;
            }
            case VALUE_STRING: return NODES.textNode(p.getText());
            case VALUE_NUMBER_INT:
                switch (p.getNumberType()) {
                    case INT: return NODES.numberNode(p.getIntValue());
                    case LONG: return NODES.numberNode(p.getLongValue());
                    default: return NODES.numberNode(p.getBigIntegerValue());
                }
            case VALUE_NUMBER_FLOAT: return NODES.numberNode(p.getDecimalValue()); // exact, so messages echo what was written
            case VALUE_TRUE: return NODES.booleanNode(true);
            case VALUE_FALSE: return NODES.booleanNode(false);
            case VALUE_NULL: return NODES.nullNode();
            default: throw new IllegalStateException("unexpected token " + t);
        }
    }

    /** The pointer of the member or element being read when the parser gave up ("" if unknown). */
    private static String whereInDocument(JsonProcessingException e, JsonParser reading) {
        JsonParser p = e.getProcessor() instanceof JsonParser q ? q : reading;
        if (p != null && p.getParsingContext() != null) {
            return p.getParsingContext().pathAsPointer().toString();
        }
        return "";
    }

    private static Diagnostic syntax(String file, int line, int column, String message, String hint) {
        return new Diagnostic(Severity.ERROR, "syntax", file, "", Math.max(line, 0), Math.max(column, 0), message, hint);
    }

    private static LoadedSpec failed(String file, String text, String message, String hint) {
        return failed(file, text, syntax(file, 0, 0, message, hint));
    }

    private static LoadedSpec failed(String file, String text, Diagnostic d) {
        return new LoadedSpec(file, text, null, SourceMap.EMPTY, null, List.of(d));
    }
}
