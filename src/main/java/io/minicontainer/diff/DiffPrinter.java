package io.minicontainer.diff;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** A diff as text (two lines a change: what, then the field on each side) or as JSON. */
public final class DiffPrinter {
    private static final ObjectMapper JSON = new ObjectMapper();

    private DiffPrinter() {}

    public static String text(DiffResult d) {
        StringBuilder b = new StringBuilder();
        b.append("--- ").append(d.oldLabel()).append('\n').append("+++ ").append(d.newLabel()).append('\n');
        for (Change c : d.changes()) {
            b.append(String.format("%-8s %s%n", c.effect().lower(), c.sentence()));
            b.append("         old: ").append(c.old() == null ? "-" : c.old().show())
                    .append("  new: ").append(c.now() == null ? "-" : c.now().show()).append('\n');
        }
        b.append("summary: ").append(d.summary());
        if (d.equal()) b.append(" (no differences)");
        else b.append(" (").append(d.changes().size()).append(d.changes().size() == 1 ? " change: " : " changes: ")
                .append(d.count(Effect.WIDENS)).append(" widen the container's reach, ").append(d.count(Effect.NARROWS))
                .append(" narrow it, ").append(d.count(Effect.NEUTRAL)).append(" neutral)");
        return b.append('\n').toString();
    }

    public static String json(DiffResult d) {
        ObjectNode root = JSON.createObjectNode();
        root.put("old", d.oldLabel()).put("new", d.newLabel()).put("equal", d.equal()).put("summary", d.summary());
        ObjectNode counts = root.putObject("counts");
        for (Effect e : Effect.values()) counts.put(e.lower(), d.count(e));
        var changes = root.putArray("changes");
        for (Change c : d.changes()) {
            ObjectNode n = changes.addObject();
            n.put("kind", c.kind()).put("subject", c.subject()).put("change", c.what()).put("effect", c.effect().lower())
                    .put("description", c.sentence());
            side(n, "old", c.oldValue(), c.old());
            side(n, "new", c.newValue(), c.now());
        }
        return root.toPrettyString() + "\n";
    }

    private static void side(ObjectNode n, String name, String value, Side.At at) {
        if (at == null) {
            n.putNull(name);
            return;
        }
        n.putObject(name).put("value", value).put("pointer", at.pointer()).put("file", at.file())
                .put("line", at.line()).put("column", at.column());
    }
}
