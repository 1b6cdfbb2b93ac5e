package io.minicontainer.state;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.minicontainer.spec.Spec;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * state.json read with Jackson's streaming parser: what {@link StateJson} falls back to for any document
 * its own reader does not take (a member it does not know, a number or literal where a string belongs,
 * malformed JSON), so that such a file is read, or refused with Jackson's message, exactly as before.
 * Unknown members are skipped, as the record's {@code @JsonIgnoreProperties(ignoreUnknown)} says.
 */
final class JacksonStateJson {
    private static final JsonFactory FACTORY = new JsonFactory();

    private JacksonStateJson() {}

    static ContainerState read(byte[] json) throws IOException {
        try (JsonParser p = FACTORY.createParser(json)) {
            expect(p, p.nextToken(), JsonToken.START_OBJECT);
            String ociVersion = null, id = null, status = null, bundle = null, rootfs = null, created = null;
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
                    case "hooks" -> hooks = readHooks(p, t);
                    case "paused" -> paused = p.getValueAsBoolean();
                    default -> p.skipChildren();
                }
            }
            return new ContainerState(ociVersion, id, status, pid, bundle, annotations, rootfs, created, pidStartTime,
                    cgroupDirs, cgroupCleanup, hooks, paused);
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
}
