package io.minicontainer.audit;

import io.minicontainer.spec.JsonPointers;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Runs every rule over a subject and marks the findings of disabled rules with the reason they are off. */
public final class Auditor {
    /** Rule ids to disable, comma-separated: {@code "writable-rootfs,no-seccomp"}. */
    public static final String DISABLE = "run.mini-container.audit.disable";
    /** Why: printed with every finding the annotation suppresses. */
    public static final String REASON = "run.mini-container.audit.reason";

    private Auditor() {}

    /**
     * @param disabledOnCommandLine rule id → reason, from {@code --disable}
     */
    public static AuditReport audit(Subject subject, Map<String, String> disabledOnCommandLine) {
        List<String> warnings = new ArrayList<>();
        Map<String, String> off = new LinkedHashMap<>(disabledByAnnotation(subject, warnings));
        for (Map.Entry<String, String> e : disabledOnCommandLine.entrySet()) {
            if (Rules.byId(e.getKey()) == null) warnings.add("--disable " + e.getKey() + ": no such rule" + known());
            off.put(e.getKey(), e.getValue());
        }
        List<Finding> findings = new ArrayList<>();
        for (Rule rule : Rules.ALL) {
            String reason = off.get(rule.id());
            for (Finding f : rule.findings(subject)) findings.add(reason == null ? f : f.suppress(reason));
        }
        return new AuditReport(subject.loaded().fileName(), findings, warnings);
    }

    private static Map<String, String> disabledByAnnotation(Subject subject, List<String> warnings) {
        Map<String, String> annotations = subject.spec().annotations();
        Map<String, String> off = new LinkedHashMap<>();
        if (annotations == null || annotations.get(DISABLE) == null) return off;
        String given = annotations.get(REASON);
        String reason = "annotation " + DISABLE + ": " + (given == null || given.isBlank() ? "(no reason given: add " + REASON + ")" : given);
        for (String id : annotations.get(DISABLE).split(",")) {
            String trimmed = id.trim();
            if (trimmed.isEmpty()) continue;
            if (Rules.byId(trimmed) == null) {
                warnings.add(JsonPointers.append("/annotations", DISABLE) + ": no rule " + trimmed + known());
            }
            off.put(trimmed, reason);
        }
        return off;
    }

    private static String known() {
        List<String> ids = new ArrayList<>();
        for (Rule r : Rules.ALL) ids.add(r.id());
        return " (rules: " + String.join(", ", ids) + ")";
    }
}
