package io.minicontainer.cli;

import io.minicontainer.app.ConfigInput;
import io.minicontainer.audit.AuditPrinter;
import io.minicontainer.audit.AuditReport;
import io.minicontainer.audit.Auditor;
import io.minicontainer.audit.Sarif;
import io.minicontainer.audit.Severity;
import io.minicontainer.audit.Subject;
import io.minicontainer.diag.UserError;
import io.minicontainer.plan.HostFacts;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "audit", description = {
        "Judge how well a config isolates its container: named rules over the",
        "config and its plan. Each finding has a rule id, severity, pointer,",
        "line:col and a fix (docs/AUDIT.md). Exit 0; 1 with --fail-on when a",
        "finding is at or above it; 65 for an invalid config."})
final class AuditCommand extends BaseCommand {
    @Parameters(arity = "1..*", paramLabel = "CONFIG|BUNDLE", description = "Config files, bundle directories or git:REV:PATH.")
    List<String> paths;

    @Option(names = "--format", defaultValue = "text", description = "text, json or sarif (SARIF 2.1.0).")
    String format;

    @Option(names = "--fail-on", paramLabel = "SEVERITY", description = "Exit 1 when a finding is at or above: low, medium, high, critical.")
    String failOn;

    @Option(names = "--disable", paramLabel = "RULE", split = ",", description = "Turn a rule off (repeatable; comma-separated ids).")
    List<String> disable = new ArrayList<>();

    @Option(names = "--reason", description = "Why the --disable rules are off; printed with what they would have found.")
    String reason;

    @Option(names = "--portable", description = "Plan with the portable host facts even when the rootfs is here (the default without it).")
    boolean portable;

    @Override
    protected int execute() {
        Severity threshold = failOn == null ? null : Severity.parse(failOn);
        if (failOn != null && threshold == null) throw new UserError("--fail-on " + failOn + ": expected low, medium, high or critical");
        if (!List.of("text", "json", "sarif").contains(format)) throw new UserError("--format " + format + ": expected text, json or sarif");
        Map<String, String> off = new LinkedHashMap<>();
        for (String id : disable) off.put(id.trim(), "--disable" + (reason == null ? " (no --reason given)" : ": " + reason));
        List<ConfigInput> inputs = new ArrayList<>();
        for (String p : paths) inputs.add(ConfigInput.of(p));
        HostFacts facts = ConfigInput.facts(portable, inputs);
        List<AuditReport> reports = new ArrayList<>();
        for (ConfigInput in : inputs) {
            AuditReport report = Auditor.audit(new Subject(in.loaded(), in.plan(facts)), off);
            report.warnings().forEach(w -> reporter().warning(in.label() + ": " + w));
            reports.add(report);
        }
        System.out.print(switch (format) {
            case "json" -> AuditPrinter.json(reports);
            case "sarif" -> Sarif.render(reports, Path.of(""));
            default -> AuditPrinter.text(reports);
        });
        return threshold != null && reports.stream().anyMatch(r -> r.failsAt(threshold)) ? ExitCode.FINDINGS : ExitCode.OK;
    }
}
