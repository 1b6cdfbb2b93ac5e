package io.minicontainer.audit;

import static io.minicontainer.audit.AuditFixtures.hardened;
import static io.minicontainer.audit.AuditFixtures.subject;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Disabling rules (annotation, command line), --fail-on thresholds, and what the text and JSON say. */
class AuditorTest {
    private static ObjectNode writableAndUnlimited() {
        ObjectNode c = hardened();
        c.with("root").put("readonly", false);
        c.with("linux").with("resources").remove("pids");
        return c;
    }

    @Test
    void anAnnotationDisablesRulesAndItsReasonIsPrinted() {
        ObjectNode c = writableAndUnlimited();
        c.with("annotations").put(Auditor.DISABLE, "writable-rootfs").put(Auditor.REASON, "the app writes its cache next to itself");
        AuditReport r = Auditor.audit(subject(c), Map.of());
        assertEquals(List.of("no-pids-limit"), r.active().stream().map(f -> f.rule().id()).toList());
        Finding off = r.findings().stream().filter(f -> !f.active()).findFirst().orElseThrow();
        assertEquals("writable-rootfs", off.rule().id());
        String text = AuditPrinter.text(List.of(r));
        assertTrue(text.contains("/root/readonly: low writable-rootfs: the program (or an attacker in it) can change its own binaries "
                + "[disabled by annotation run.mini-container.audit.disable: the app writes its cache next to itself]"), text);
        assertTrue(text.contains("config.json: 1 finding (1 medium), 1 disabled"), text);
    }

    @Test
    void theCommandLineDisablesRulesAndAnUnknownIdIsAWarning() {
        AuditReport r = Auditor.audit(subject(writableAndUnlimited()), Map.of("no-pids-limit", "--disable: CI runner", "no-such-rule", "x"));
        assertEquals(List.of("writable-rootfs"), r.active().stream().map(f -> f.rule().id()).toList());
        assertEquals(1, r.warnings().size());
        assertTrue(r.warnings().get(0).startsWith("--disable no-such-rule: no such rule (rules: privileged-capability,"), r.warnings().toString());
    }

    @Test
    void anAnnotationWithoutAReasonSaysSo() {
        ObjectNode c = writableAndUnlimited();
        c.with("annotations").put(Auditor.DISABLE, "writable-rootfs, no-pids-limit");
        AuditReport r = Auditor.audit(subject(c), Map.of());
        assertEquals(List.of(), r.active());
        assertTrue(r.findings().get(0).suppressed().contains("(no reason given: add run.mini-container.audit.reason)"));
        assertTrue(AuditPrinter.text(List.of(r)).contains("config.json: clean (no findings, 2 disabled)"));
    }

    @Test
    void failOnComparesWithTheHighestActiveFinding() {
        AuditReport r = Auditor.audit(subject(writableAndUnlimited()), Map.of());   // one low, one medium
        assertTrue(r.failsAt(Severity.LOW));
        assertTrue(r.failsAt(Severity.MEDIUM));
        assertFalse(r.failsAt(Severity.HIGH));
        AuditReport quiet = Auditor.audit(subject(writableAndUnlimited()), Map.of("no-pids-limit", "r"));
        assertFalse(quiet.failsAt(Severity.MEDIUM));
    }

    @Test
    void textLinesCarryFilePositionPointerSeverityRuleSentenceAndFix() {
        ObjectNode c = hardened();
        c.with("process").put("noNewPrivileges", false);
        AuditReport r = Auditor.audit(subject(c), Map.of());
        Finding f = r.findings().get(0);
        assertEquals("config.json:" + f.line() + ":" + f.column() + ": /process/noNewPrivileges: medium no-new-privileges-off: "
                + "setuid and file-capability programs in the container can gain privileges (fix: set process.noNewPrivileges to true)",
                AuditPrinter.line("config.json", f));
        // the line:col is the field's value in the text
        String text = r.file();
        assertEquals("config.json", text);
        assertTrue(f.line() > 1);
    }

    @Test
    void jsonListsFindingsCountsAndDisabled() throws Exception {
        AuditReport r = Auditor.audit(subject(writableAndUnlimited()), Map.of("writable-rootfs", "--disable: r"));
        JsonNode json = AuditFixtures.JSON.readTree(AuditPrinter.json(List.of(r))).get(0);
        assertEquals("config.json", json.get("file").asText());
        assertEquals(2, json.get("findings").size());
        assertEquals("no-pids-limit", json.get("findings").get(1).get("rule").asText());
        assertEquals("/linux/resources/pids/limit", json.get("findings").get(1).get("pointer").asText());
        assertEquals("--disable: r", json.get("findings").get(0).get("disabled").asText());
        assertEquals(1, json.get("counts").get("medium").asInt());
        assertEquals(1, json.get("disabled").asInt());
    }
}
