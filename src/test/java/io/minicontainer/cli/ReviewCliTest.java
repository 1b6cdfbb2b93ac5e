package io.minicontainer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.minicontainer.app.ConfigInput;
import io.minicontainer.app.ConfigPipeline;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `diff` and `audit` on the command line: inputs, formats, exit codes. */
class ReviewCliTest {
    private static final String HARDENED = "examples/hardened.json";

    @TempDir
    Path tmp;

    private Path edited(String name, String from, String to) throws Exception {
        String text = Files.readString(Path.of(HARDENED));
        assertTrue(text.contains(from), from);
        Path p = tmp.resolve(name);
        Files.writeString(p, text.replace(from, to));
        return p;
    }

    @Test
    void diffOfEqualConfigsExitsZero() {
        CliHarness.Result r = CliHarness.run("diff", HARDENED, HARDENED);
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().endsWith("summary: neutral (no differences)\n"), r.out());
    }

    @Test
    void diffOfDifferentConfigsExitsOneAndShowsBothPointers() throws Exception {
        Path nnp = edited("nnp.json", "\"noNewPrivileges\": true", "\"noNewPrivileges\": false");
        CliHarness.Result r = CliHarness.run("diff", HARDENED, nnp.toString());
        assertEquals(1, r.exitCode(), r.err());
        assertTrue(r.out().startsWith("--- examples/hardened.json\n+++ " + nnp + "\n"), r.out());
        assertTrue(r.out().contains("widens   process no_new_privs changed: on -> off\n"), r.out());
        assertTrue(r.out().matches("(?s).*old: examples/hardened\\.json:\\d+:\\d+ /process/noNewPrivileges  new: .*nnp\\.json:\\d+:\\d+ /process/noNewPrivileges\n.*"), r.out());
        assertTrue(r.out().endsWith("summary: widens isolation (1 change: 1 widen the container's reach, 0 narrow it, 0 neutral)\n"), r.out());
    }

    @Test
    void diffReadsGitRevisions() {
        // examples/hardened.json is committed: HEAD's copy plans as the work tree's (unless edited locally)
        CliHarness.Result r = CliHarness.run("diff", "--format", "json", "git:HEAD:" + HARDENED, HARDENED);
        assertTrue(r.exitCode() == 0 || r.exitCode() == 1, r.err());
        assertTrue(r.out().contains("\"old\" : \"HEAD:examples/hardened.json\""), r.out());
        CliHarness.Result bad = CliHarness.run("diff", "git:no-such-rev:" + HARDENED, HARDENED);
        assertEquals(65, bad.exitCode());
        assertTrue(bad.err().contains("git:no-such-rev:examples/hardened.json: git show no-such-rev:examples/hardened.json failed"), bad.err());
    }

    @Test
    void diffWithoutARootfsPlansWithThePortableFacts() throws Exception {
        Path lower = edited("lower.json", "\"limit\": 67108864", "\"limit\": 33554432");
        CliHarness.Result r = CliHarness.run("diff", HARDENED, lower.toString());
        assertTrue(r.out().contains("narrows  limit memory.max lowered: 67108864 -> 33554432\n"), r.out());
    }

    @Test
    void theHostIsUsedOnlyWhenEveryRootfsIsHereAndNotPortable() throws Exception {
        Path bundle = Files.createDirectories(tmp.resolve("bundle"));
        Files.copy(Path.of(HARDENED), bundle.resolve("config.json"));
        ConfigInput absent = ConfigInput.of(bundle.toString());
        assertEquals(false, absent.rootfsPresent());
        Files.createDirectories(bundle.resolve("rootfs"));
        ConfigInput present = ConfigInput.of(bundle.toString());
        assertEquals(true, present.rootfsPresent());
        var portable = io.minicontainer.plan.HostFacts.portable();
        assertEquals(portable, ConfigInput.facts(false, java.util.List.of(present, absent)));
        assertEquals(portable, ConfigInput.facts(true, java.util.List.of(present)));
        assertEquals(ConfigPipeline.hostFacts(), ConfigInput.facts(false, java.util.List.of(present)));
        assertEquals(false, ConfigInput.of("git:HEAD:" + HARDENED).rootfsPresent());
    }

    @Test
    void anInvalidConfigIsExit65WithItsDiagnostics() throws Exception {
        Path bad = edited("bad.json", "\"uid\": 1000", "\"uid\": \"x\"");
        CliHarness.Result d = CliHarness.run("diff", HARDENED, bad.toString());
        assertEquals(65, d.exitCode());
        assertTrue(d.err().contains(bad + ": not a valid config"), d.err());
        assertTrue(d.err().contains("/process/user/uid"), d.err());
        CliHarness.Result a = CliHarness.run("audit", bad.toString());
        assertEquals(65, a.exitCode());
        assertEquals(65, CliHarness.run("audit", "--format", "xml", HARDENED).exitCode());
        Path noProcess = tmp.resolve("np.json");
        Files.writeString(noProcess, "{\"ociVersion\": \"1.0.2\", \"root\": {\"path\": \"rootfs\"}}");
        CliHarness.Result p = CliHarness.run("audit", noProcess.toString());
        assertEquals(65, p.exitCode());
        assertTrue(p.err().contains(noProcess + ":1:1: /process: process is missing"), p.err());
    }

    @Test
    void auditFailsOnlyAtOrAboveTheThreshold() throws Exception {
        Path writable = edited("w.json", "\"readonly\": true", "\"readonly\": false");
        assertEquals(0, CliHarness.run("audit", writable.toString()).exitCode());
        assertEquals(0, CliHarness.run("audit", "--fail-on", "medium", writable.toString()).exitCode());
        CliHarness.Result r = CliHarness.run("audit", "--fail-on", "low", writable.toString());
        assertEquals(1, r.exitCode());
        assertTrue(r.out().contains("/root/readonly: low writable-rootfs: "), r.out());
        assertEquals(0, CliHarness.run("audit", "--fail-on", "low", HARDENED).exitCode());
        assertEquals(65, CliHarness.run("audit", "--fail-on", "severe", HARDENED).exitCode());
    }

    @Test
    void auditDisableOnTheCommandLinePrintsTheReason() throws Exception {
        Path writable = edited("w.json", "\"readonly\": true", "\"readonly\": false");
        CliHarness.Result r = CliHarness.run("audit", "--fail-on", "low", "--disable", "writable-rootfs", "--reason", "build cache", writable.toString());
        assertEquals(0, r.exitCode(), r.out());
        assertTrue(r.out().contains("[disabled by --disable: build cache]"), r.out());
        assertTrue(r.out().contains(": clean (no findings, 1 disabled)"), r.out());
    }

    @Test
    void auditSarifAndJsonParse() throws Exception {
        ObjectMapper m = new ObjectMapper();
        var sarif = m.readTree(CliHarness.run("audit", "--format", "sarif", "examples/minimal.json").out());
        assertEquals("2.1.0", sarif.get("version").asText());
        assertEquals("examples/minimal.json", sarif.at("/runs/0/results/0/locations/0/physicalLocation/artifactLocation/uri").asText());
        var json = m.readTree(CliHarness.run("audit", "--format", "json", "examples/minimal.json", HARDENED).out());
        assertEquals(2, json.size());
        assertEquals(0, json.get(1).get("findings").size());
    }
}
