package io.minicontainer.audit;

import java.util.List;

/**
 * The findings of one config, in rule order; suppressed ones are kept (they are printed with their
 * reason, and SARIF carries them as suppressed results).
 *
 * @param warnings problems with the audit's own settings (an unknown rule id to disable)
 */
public record AuditReport(String file, List<Finding> findings, List<String> warnings) {
    public AuditReport {
        findings = List.copyOf(findings);
        warnings = List.copyOf(warnings);
    }

    public List<Finding> active() { return findings.stream().filter(Finding::active).toList(); }

    /** True when an active finding is at or above {@code threshold}. */
    public boolean failsAt(Severity threshold) {
        return active().stream().anyMatch(f -> f.severity().compareTo(threshold) >= 0);
    }
}
