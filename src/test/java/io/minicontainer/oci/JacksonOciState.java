package io.minicontainer.oci;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.minicontainer.state.ContainerState;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Map;

/** The oracle for {@link OciState#text} and {@link OciState#pretty}: the document as Jackson's streaming generator wrote it. */
final class JacksonOciState {
    private static final JsonFactory FACTORY = new JsonFactory();

    private JacksonOciState() {}

    static String write(ContainerState s, String status, boolean pretty) {
        StringWriter out = new StringWriter(256);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            if (pretty) g.useDefaultPrettyPrinter();
            g.writeStartObject();
            string(g, "ociVersion", s.ociVersion());
            string(g, "id", s.id());
            string(g, "status", status);
            g.writeNumberField("pid", OciState.pid(s, status));
            string(g, "bundle", s.bundle());
            if (s.rootfs() != null) g.writeStringField("rootfs", s.rootfs());
            if (s.created() != null) g.writeStringField("created", s.created());
            g.writeObjectFieldStart("annotations");
            if (s.annotations() != null) {
                for (Map.Entry<String, String> e : s.annotations().entrySet()) string(g, e.getKey(), e.getValue());
            }
            g.writeEndObject();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return out.toString();
    }

    /** A null value is written as null, as the tree's put(name, null) does. */
    private static void string(JsonGenerator g, String name, String value) throws IOException {
        g.writeFieldName(name);
        if (value == null) g.writeNull(); else g.writeString(value);
    }
}
