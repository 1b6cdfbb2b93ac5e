package io.minicontainer.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** An audit as one line per finding (like validate's diagnostics), or as JSON for tools. */
public final class AuditPrinter {
    private static final ObjectMapper JSON = new ObjectMapper();

    private AuditPrinter() {}

    public static String text(List<AuditReport> reports) {
        StringBuilder b = new StringBuilder();
        for (AuditReport r : reports) {
            for (Finding f : r.findings()) b.append(line(r.file(), f)).append('\n');
            b.append(summary(r)).append('\n');
        }
        return b.toString();
    }

    /** {@code config.json:14:9: /process/...: high privileged-capability: sentence (fix: ...)} */
    static String line(String file, Finding f) {
        StringBuilder b = new StringBuilder(file);
        if (f.line() > 0) b.append(':').append(f.line()).append(':').append(f.column());
        b.append(": ").append(f.pointer().isEmpty() ? "/" : f.pointer()).append(": ");
        b.append(f.severity().lower()).append(' ').append(f.rule().id()).append(": ").append(f.message());
        if (f.active()) b.append(" (fix: ").append(f.rule().fix()).append(')');
        else b.append(" [disabled by ").append(f.suppressed()).append(']');
        return b.toString();
    }

    static String summary(AuditReport r) {
        List<Finding> active = r.active();
        int disabled = r.findings().size() - active.size();
        String off = disabled == 0 ? "" : ", " + disabled + " disabled";
        if (active.isEmpty()) return r.file() + ": clean (no findings" + off + ")";
        Map<Severity, Integer> counts = counts(active);
        StringBuilder b = new StringBuilder(r.file()).append(": ").append(active.size())
                .append(active.size() == 1 ? " finding (" : " findings (");
        boolean first = true;
        for (Severity s : List.of(Severity.CRITICAL, Severity.HIGH, Severity.MEDIUM, Severity.LOW)) {
            if (!counts.containsKey(s)) continue;
            b.append(first ? "" : ", ").append(counts.get(s)).append(' ').append(s.lower());
            first = false;
        }
        return b.append(')').append(off).toString();
    }

    private static Map<Severity, Integer> counts(List<Finding> findings) {
        Map<Severity, Integer> counts = new EnumMap<>(Severity.class);
        for (Finding f : findings) counts.merge(f.severity(), 1, Integer::sum);
        return counts;
    }

    public static String json(List<AuditReport> reports) {
        ArrayNode out = JSON.createArrayNode();
        for (AuditReport r : reports) {
            ObjectNode o = out.addObject();
            o.put("file", r.file());
            ArrayNode findings = o.putArray("findings");
            for (Finding f : r.findings()) {
                ObjectNode n = findings.addObject();
                n.put("rule", f.rule().id()).put("severity", f.severity().lower()).put("pointer", f.pointer())
                        .put("line", f.line()).put("column", f.column()).put("message", f.message()).put("fix", f.rule().fix());
                if (!f.active()) n.put("disabled", f.suppressed());
            }
            ObjectNode counts = o.putObject("counts");
            counts(r.active()).forEach((s, n) -> counts.put(s.lower(), n));
            o.put("disabled", r.findings().size() - r.active().size());
        }
        return out.toPrettyString() + "\n";
    }
}
