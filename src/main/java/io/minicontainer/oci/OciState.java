package io.minicontainer.oci;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.minicontainer.state.ContainerState;
import io.minicontainer.spec.JsonText;
import io.minicontainer.state.StateStore;
import java.util.Map;

/**
 * The public OCI state document (what `state` prints and hooks read on stdin). {@link #text} and
 * {@link #pretty} write it by hand: `state` and `start` are called one process each, and building an
 * ObjectMapper cost them more than the rest of their work, and Jackson's streaming generator still
 * +5.4 ms of CPU and +0.07x the empty JVM's wall time of a cold `state` (31 A/B pairs, docs/STARTUP.md). OciStateTest checks they give, character for
 * character, what Jackson's generator and {@link #json}'s tree give.
 */
public final class OciState {
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
        String nl = pretty ? System.lineSeparator() : "";
        StringBuilder out = new StringBuilder(256).append('{');
        field(out, pretty, 1, "ociVersion", s.ociVersion());
        field(out, pretty, 1, "id", s.id());
        field(out, pretty, 1, "status", status);
        name(out, pretty, 1, "pid").append(pid(s, status));
        field(out, pretty, 1, "bundle", s.bundle());
        if (s.rootfs() != null) field(out, pretty, 1, "rootfs", s.rootfs());
        if (s.created() != null) field(out, pretty, 1, "created", s.created());
        name(out, pretty, 1, "annotations").append('{');
        Map<String, String> a = s.annotations();
        if (a == null || a.isEmpty()) {
            if (pretty) out.append(' '); // Jackson's pretty printer writes an empty object as "{ }"
        } else {
            for (Map.Entry<String, String> e : a.entrySet()) field(out, pretty, 2, e.getKey(), e.getValue());
            out.append(nl).append(pretty ? "  " : "");
        }
        out.append('}').append(nl).append('}');
        return out.toString();
    }

    /**
     * A member as Jackson's DefaultPrettyPrinter lays it out (a new line, two blanks per level, " : ") or its
     * compact form; a comma first unless it is the first member of its object.
     */
    private static StringBuilder name(StringBuilder out, boolean pretty, int level, String name) {
        if (out.charAt(out.length() - 1) != '{') out.append(',');
        if (pretty) {
            out.append(System.lineSeparator());
            for (int i = 0; i < level; i++) out.append("  ");
        }
        JsonText.string(out, name, false);
        return out.append(pretty ? " : " : ":");
    }

    /** A null value is written as null, as the tree's put(name, null) does. */
    private static void field(StringBuilder out, boolean pretty, int level, String name, String value) {
        JsonText.string(name(out, pretty, level, name), value, false);
    }
}
