package io.minicontainer.state;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.minicontainer.spec.Spec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * The oracle for {@link StateJson#write}: state.json as Jackson's streaming generator wrote it before the
 * hand-written writer (the same JSON as ObjectMapper gives for {@link ContainerState}, null members left out).
 */
final class JacksonStateWriter {
    private static final JsonFactory FACTORY = new JsonFactory();

    private JacksonStateWriter() {}

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
            if (s.hooks() != null) hooks(g, s.hooks());
            g.writeBooleanField("paused", s.paused());
            g.writeEndObject();
        }
        return out.toByteArray();
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
