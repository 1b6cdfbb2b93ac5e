package io.minicontainer.oci;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.minicontainer.state.ContainerState;
import io.minicontainer.state.StateStore;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The public OCI state document (what `state` prints and hooks read on stdin). {@link #text} and
 * {@link #pretty} write it with the streaming generator: `state` and `start` are called one process
 * each, and building an ObjectMapper cost them more than the rest of their work. OciStateTest
 * checks they give what {@link #json}'s tree gives.
 */
public final class OciState {
    private static final JsonFactory FACTORY = new JsonFactory();

    private OciState() {}

    /** As a tree, for documents that embed it (list). */
    public static ObjectNode json(ContainerState s, String status) {
        ObjectNode o = StateStore.mapper().createObjectNode();
        o.put("ociVersion", s.ociVersion());
        o.put("id", s.id());
        o.put("status", status);
        o.put("pid", pid(s, status));
        o.put("bundle", s.bundle());
        if (s.rootfs() != null) o.put("rootfs", s.rootfs());
        if (s.created() != null) o.put("created", s.created());
        ObjectNode annotations = o.putObject("annotations");
        Map<String, String> a = s.annotations();
        if (a != null) a.forEach(annotations::put);
        return o;
    }

    /** One line, as hooks get it on stdin. */
    public static String text(ContainerState s, String status) { return write(s, status, false); }

    /** Indented, as `state` prints it. */
    public static String pretty(ContainerState s, String status) { return write(s, status, true); }

    // runc reports 0 for a stopped container: the recorded pid may belong to someone else by now.
    public static int pid(ContainerState s, String status) { return ContainerState.STOPPED.equals(status) ? 0 : s.pid(); }

    private static String write(ContainerState s, String status, boolean pretty) {
        StringWriter out = new StringWriter(256);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            if (pretty) g.useDefaultPrettyPrinter();
            g.writeStartObject();
            string(g, "ociVersion", s.ociVersion());
            string(g, "id", s.id());
            string(g, "status", status);
            g.writeNumberField("pid", pid(s, status));
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
