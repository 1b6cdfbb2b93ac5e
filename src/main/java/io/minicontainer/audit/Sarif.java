package io.minicontainer.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;

/**
 * An audit as a SARIF 2.1.0 log, so CI systems annotate the config's line in a pull request. One
 * run; every rule is a reportingDescriptor; a disabled rule's findings are results with a suppression
 * (its reason as the justification), which code-scanning tools show as dismissed rather than lose.
 */
public final class Sarif {
    public static final String SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private Sarif() {}

    /** @param base artifact URIs are relative to it when the file is inside it (the repository root in CI) */
    public static String render(List<AuditReport> reports, Path base) {
        ObjectNode log = JSON.createObjectNode();
        log.put("$schema", SCHEMA);
        log.put("version", "2.1.0");
        ObjectNode run = log.putArray("runs").addObject();
        ObjectNode driver = run.putObject("tool").putObject("driver");
        driver.put("name", "mini-container-audit");
        ArrayNode rules = driver.putArray("rules");
        for (Rule r : Rules.ALL) rules.add(descriptor(r));
        ArrayNode results = run.putArray("results");
        for (AuditReport report : reports) {
            String uri = uri(report.file(), base);
            for (Finding f : report.findings()) results.add(result(f, uri));
        }
        run.put("columnKind", "unicodeCodePoints");
        return log.toPrettyString() + "\n";
    }

    private static ObjectNode descriptor(Rule r) {
        ObjectNode d = JSON.createObjectNode();
        d.put("id", r.id());
        d.putObject("shortDescription").put("text", r.title());
        d.putObject("fullDescription").put("text", r.title() + ". Precedent: " + r.precedent());
        d.putObject("help").put("text", "Fix: " + r.fix());
        d.putObject("defaultConfiguration").put("level", r.severity().sarifLevel());
        ObjectNode props = d.putObject("properties");
        props.putArray("tags").add("security").add("container");
        // GitHub code scanning ranks security results by this number (0.1-10, as CVSS)
        props.put("security-severity", switch (r.severity()) {
            case CRITICAL -> "9.5";
            case HIGH -> "8.0";
            case MEDIUM -> "5.5";
            case LOW -> "3.0";
        });
        return d;
    }

    private static ObjectNode result(Finding f, String uri) {
        ObjectNode res = JSON.createObjectNode();
        res.put("ruleId", f.rule().id());
        res.put("ruleIndex", Rules.ALL.indexOf(f.rule()));
        res.put("level", f.severity().sarifLevel());
        res.putObject("message").put("text", f.message() + ". Fix: " + f.rule().fix());
        ObjectNode location = res.putArray("locations").addObject();
        ObjectNode physical = location.putObject("physicalLocation");
        physical.putObject("artifactLocation").put("uri", uri);
        if (f.line() > 0) physical.putObject("region").put("startLine", f.line()).put("startColumn", f.column());
        location.putArray("logicalLocations").addObject()
                .put("fullyQualifiedName", f.pointer().isEmpty() ? "/" : f.pointer()).put("kind", "member");
        if (!f.active()) {
            res.putArray("suppressions").addObject()
                    .put("kind", f.suppressed().startsWith("annotation") ? "inSource" : "external")
                    .put("justification", f.suppressed());
        }
        res.putObject("properties").put("severity", f.severity().lower()).put("pointer", f.pointer());
        return res;
    }

    /** Relative, with forward slashes, when the file is under {@code base}; a file: URI otherwise. */
    static String uri(String file, Path base) {
        Path p = Path.of(file).toAbsolutePath().normalize();
        Path b = base.toAbsolutePath().normalize();
        if (p.startsWith(b)) {
            StringBuilder s = new StringBuilder();
            for (Path part : b.relativize(p)) s.append(s.length() == 0 ? "" : "/").append(encode(part.toString()));
            return s.toString();
        }
        return p.toUri().toString();
    }

    private static String encode(String segment) {
        return java.net.URLEncoder.encode(segment, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
    }
}
