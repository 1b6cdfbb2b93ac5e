package io.minicontainer.state;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.minicontainer.spec.Spec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes state.json with the streaming generator: the same JSON as ObjectMapper gives for
 * {@link ContainerState} (null members left out, as its {@code @JsonInclude(NON_NULL)} says), without
 * building an ObjectMapper and its record serializers, which costs a cold {@code run} ~50 ms; and
 * reads it back with the streaming parser, for the same reason (every OCI verb reads state).
 * Unknown members are skipped, as the record's {@code @JsonIgnoreProperties(ignoreUnknown)} says.
 */
final class StateJson {
    private static final JsonFactory FACTORY = new JsonFactory();

    private StateJson() {}

    static byte[] write(ContainerState s) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.writeStartObject();
            string(g, "ociVersion", s.ociVersion());
            string(g, "id", s.id());
            string(g, "status", s.status());
            g.writeNumberField("pid", s.pid());
            string(g, "bundle", s.bundle());
            if (s.annotations() != null) {
                g.writeObjectFieldStart("annotations");
                for (Map.Entry<String, String> e : s.annotations().entrySet()) {
                    g.writeFieldName(e.getKey());
                    if (e.getValue() == null) g.writeNull(); else g.writeString(e.getValue());
                }
                g.writeEndObject();
            }
            string(g, "rootfs", s.rootfs());
            string(g, "created", s.created());
            g.writeNumberField("pidStartTime", s.pidStartTime());
            strings(g, "cgroupDirs", s.cgroupDirs());
            strings(g, "cgroupCleanup", s.cgroupCleanup());
            string(g, "configHash", s.configHash());
            if (s.hooks() != null) hooks(g, s.hooks());
            g.writeBooleanField("paused", s.paused());
            g.writeEndObject();
        }
        return out.toByteArray();
    }

    static ContainerState read(byte[] json) throws IOException {
        try (JsonParser p = FACTORY.createParser(json)) {
            expect(p, p.nextToken(), JsonToken.START_OBJECT);
            String ociVersion = null, id = null, status = null, bundle = null, rootfs = null, created = null, configHash = null;
            int pid = 0;
            long pidStartTime = 0;
            boolean paused = false;
            Map<String, String> annotations = null;
            List<String> cgroupDirs = null, cgroupCleanup = null;
            Spec.Hooks hooks = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                switch (name) {
                    case "ociVersion" -> ociVersion = text(p);
                    case "id" -> id = text(p);
                    case "status" -> status = text(p);
                    case "pid" -> pid = p.getValueAsInt();
                    case "bundle" -> bundle = text(p);
                    case "annotations" -> annotations = stringMap(p, t);
                    case "rootfs" -> rootfs = text(p);
                    case "created" -> created = text(p);
                    case "pidStartTime" -> pidStartTime = p.getValueAsLong();
                    case "cgroupDirs" -> cgroupDirs = stringList(p, t);
                    case "cgroupCleanup" -> cgroupCleanup = stringList(p, t);
                    case "configHash" -> configHash = text(p);
                    case "hooks" -> hooks = readHooks(p, t);
                    case "paused" -> paused = p.getValueAsBoolean();
                    default -> p.skipChildren();
                }
            }
            return new ContainerState(ociVersion, id, status, pid, bundle, annotations, rootfs, created, pidStartTime,
                    cgroupDirs, cgroupCleanup, configHash, hooks, paused);
        }
    }

    private static Spec.Hooks readHooks(JsonParser p, JsonToken t) throws IOException {
        if (t == JsonToken.VALUE_NULL) return null;
        expect(p, t, JsonToken.START_OBJECT);
        List<Spec.Hook> prestart = null, createRuntime = null, createContainer = null, startContainer = null,
                poststart = null, poststop = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            switch (name) {
                case "prestart" -> prestart = hookList(p, v);
                case "createRuntime" -> createRuntime = hookList(p, v);
                case "createContainer" -> createContainer = hookList(p, v);
                case "startContainer" -> startContainer = hookList(p, v);
                case "poststart" -> poststart = hookList(p, v);
                case "poststop" -> poststop = hookList(p, v);
                default -> p.skipChildren();
            }
        }
        return new Spec.Hooks(prestart, createRuntime, createContainer, startContainer, poststart, poststop);
    }

    private static List<Spec.Hook> hookList(JsonParser p, JsonToken t) throws IOException {
        if (t == JsonToken.VALUE_NULL) return null;
        expect(p, t, JsonToken.START_ARRAY);
        List<Spec.Hook> hooks = new ArrayList<>();
        for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
            if (e == JsonToken.VALUE_NULL) {
                hooks.add(null);
                continue;
            }
            expect(p, e, JsonToken.START_OBJECT);
            String path = null;
            List<String> args = null, env = null;
            Integer timeout = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                switch (name) {
                    case "path" -> path = text(p);
                    case "args" -> args = stringList(p, v);
                    case "env" -> env = stringList(p, v);
                    case "timeout" -> timeout = v == JsonToken.VALUE_NULL ? null : p.getValueAsInt();
                    default -> p.skipChildren();
                }
            }
            hooks.add(new Spec.Hook(path, args, env, timeout));
        }
        return hooks;
    }

    private static List<String> stringList(JsonParser p, JsonToken t) throws IOException {
        if (t == JsonToken.VALUE_NULL) return null;
        expect(p, t, JsonToken.START_ARRAY);
        List<String> out = new ArrayList<>();
        for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) out.add(text(p));
        return out;
    }

    private static Map<String, String> stringMap(JsonParser p, JsonToken t) throws IOException {
        if (t == JsonToken.VALUE_NULL) return null;
        expect(p, t, JsonToken.START_OBJECT);
        Map<String, String> out = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            p.nextToken();
            out.put(key, text(p));
        }
        return out;
    }

    /** A string (or null); an object or array where a string belongs is an error, not a silent null. */
    private static String text(JsonParser p) throws IOException {
        if (p.currentToken().isStructStart()) throw new com.fasterxml.jackson.core.JsonParseException(p, "state.json: expected a string");
        return p.getValueAsString();
    }

    private static void expect(JsonParser p, JsonToken actual, JsonToken wanted) throws IOException {
        if (actual != wanted) throw new com.fasterxml.jackson.core.JsonParseException(p, "state.json: expected " + wanted + ", found " + actual);
    }

    private static void hooks(JsonGenerator g, Spec.Hooks h) throws IOException {
        g.writeObjectFieldStart("hooks");
        hookList(g, "prestart", h.prestart());
        hookList(g, "createRuntime", h.createRuntime());
        hookList(g, "createContainer", h.createContainer());
        hookList(g, "startContainer", h.startContainer());
        hookList(g, "poststart", h.poststart());
        hookList(g, "poststop", h.poststop());
        g.writeEndObject();
    }

    private static void hookList(JsonGenerator g, String name, List<Spec.Hook> hooks) throws IOException {
        if (hooks == null) return;
        g.writeArrayFieldStart(name);
        for (Spec.Hook h : hooks) {
            if (h == null) {
                g.writeNull();
                continue;
            }
            g.writeStartObject();
            string(g, "path", h.path());
            strings(g, "args", h.args());
            strings(g, "env", h.env());
            if (h.timeout() != null) g.writeNumberField("timeout", h.timeout());
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private static void string(JsonGenerator g, String name, String value) throws IOException {
        if (value != null) g.writeStringField(name, value);
    }

    /** A list of strings; a null element is written as null, as ObjectMapper does. */
    private static void strings(JsonGenerator g, String name, List<String> values) throws IOException {
        if (values == null) return;
        g.writeArrayFieldStart(name);
        for (String v : values) {
            if (v == null) g.writeNull(); else g.writeString(v);
        }
        g.writeEndArray();
    }
}
