package io.minicontainer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every bad-corpus file, through the real CLI: exit 65, its pointer and line in one line each, no stack trace. */
class BadInputCliTest {
    private static final Path BAD = Path.of("src/test/resources/bad");

    static Stream<Arguments> expectedErrors() throws IOException {
        List<Arguments> rows = new ArrayList<>();
        for (String line : Files.readAllLines(BAD.resolve("expected.tsv"))) {
            if (line.startsWith("#") || line.isBlank()) continue;
            String[] f = line.split("\t", -1);
            if (f[1].equals("error")) rows.add(Arguments.of(f[0], f[2], f[3], f[4]));
        }
        return rows.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("expectedErrors")
    void validateReportsThePointerLineAndSentence(String file, String pointer, String line, String message) {
        CliHarness.Result r = CliHarness.run("validate", BAD.resolve(file).toString());
        assertEquals(ExitCode.INVALID_INPUT, r.exitCode(), r.out() + r.err());
        String expected = file + (line.equals("0") ? "" : ":" + line + ":") ;
        assertTrue(r.out().lines().anyMatch(l -> l.contains(expected) && l.contains((pointer.isEmpty() ? "/" : pointer) + ": ")
                && l.contains(message)), "no line with " + expected + " " + pointer + " " + message + " in:\n" + r.out());
        assertNoStackTrace(r);
    }

    @Test
    void runOfABadConfigFailsBeforeTouchingTheHostWithOneLinePerError(@TempDir Path dir) throws IOException {
        Files.copy(BAD.resolve("cap-unknown.json"), dir.resolve("config.json"));
        CliHarness.Result r = CliHarness.run("--root", dir.resolve("state").toString(), "run", dir.toString());
        assertEquals(ExitCode.INVALID_INPUT, r.exitCode());
        assertTrue(r.err().contains("/process/capabilities/bounding/1: unknown capability \"CAP_NET_BIND\" (did you mean CAP_NET_BIND_SERVICE?)"), r.err());
        assertEquals(List.of(), containerEntries(dir.resolve("state")), "no container state is created for invalid input");
        assertNoStackTrace(r);
    }

    @Test
    void theLastErrorLineIsTheErrorItselfBecauseConmonShowsOnlyThat(@TempDir Path dir) throws IOException {
        Files.copy(BAD.resolve("cap-unknown.json"), dir.resolve("config.json"));
        CliHarness.Result r = CliHarness.run("--root", dir.resolve("state").toString(), "run", dir.toString());
        List<String> lines = r.err().lines().toList();
        assertTrue(lines.get(lines.size() - 1).contains("unknown capability \"CAP_NET_BIND\""), r.err());
    }

    @Test
    void aContainerIdThatIsNotANameIsRefused(@TempDir Path dir) throws IOException {
        Files.copy(Path.of("examples/minimal.json"), dir.resolve("config.json"));
        CliHarness.Result r = CliHarness.run("--root", dir.resolve("state").toString(), "run", "--id", "../escape", dir.toString());
        assertEquals(ExitCode.INVALID_INPUT, r.exitCode());
        assertTrue(r.err().contains("invalid container id '../escape'"), r.err());
        assertFalse(Files.exists(dir.resolve("escape")));
    }

    @Test
    void aHostFileErrorIsARuntimeFailureNotABug(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("config.json")); // (a missing --bundle is invalid input: SpecBundleCliTest)
        CliHarness.Result r = CliHarness.run("spec", "--force", "--bundle", dir.toString());
        assertEquals(ExitCode.RUNTIME_FAILURE, r.exitCode(), r.err());
        assertTrue(r.err().contains("config.json: Is a directory"), r.err());
        assertNoStackTrace(r);
    }

    @Test
    void deleteForceRemovesAContainerWhoseStateIsUnreadable(@TempDir Path dir) throws IOException {
        Path root = dir.resolve("root");
        Files.createDirectories(root.resolve("torn"));
        Files.writeString(root.resolve("torn/state.json"), ""); // e.g. a power loss between write and rename
        CliHarness.Result r = CliHarness.run("--root", root.toString(), "delete", "--force", "torn");
        assertEquals(ExitCode.OK, r.exitCode(), r.err());
        assertFalse(Files.exists(root.resolve("torn")), "the id must not stay undeletable");
        assertTrue(r.err().contains("unreadable"), r.err());
    }

    @Test
    void withALogFileWarningsGoOnlyThere(@TempDir Path dir) throws IOException {
        String config = Files.readString(Path.of("examples/minimal.json")).replaceFirst("\\{", "{\"hostnmae\": \"x\",");
        Files.writeString(dir.resolve("config.json"), config);
        PreflightCliTest.rootfsWithShell(dir); // plan runs the host preflight
        Path log = dir.resolve("log.json");
        CliHarness.Result r = CliHarness.run("--log", log.toString(), "--log-format", "json", "plan", dir.toString());
        assertEquals(ExitCode.OK, r.exitCode(), r.err());
        assertFalse(r.err().contains("hostnmae"), "under conmon, create's stderr is the container's log:\n" + r.err());
        String logged = Files.readString(log);
        assertTrue(logged.contains("\"level\":\"warning\"") && logged.contains("hostnmae"), logged);
    }

    @Test
    void missingBundleIsInvalidInput(@TempDir Path dir) {
        CliHarness.Result r = CliHarness.run("plan", dir.resolve("nope").toString());
        assertEquals(ExitCode.INVALID_INPUT, r.exitCode());
        assertTrue(r.err().contains("no such bundle directory or config file"), r.err());
        assertNoStackTrace(r);
    }

    @Test
    void missingRootfsIsReportedWithItsPointer(@TempDir Path dir) throws IOException {
        Files.copy(Path.of("examples/minimal.json"), dir.resolve("config.json"));
        CliHarness.Result r = CliHarness.run("--root", dir.resolve("state").toString(), "run", dir.toString());
        assertEquals(ExitCode.INVALID_INPUT, r.exitCode());
        assertTrue(r.err().contains("/root/path: root.path \"rootfs\" does not exist"), r.err());
        assertNoStackTrace(r);
    }

    @Test
    void unknownOptionIsAUsageError() {
        CliHarness.Result r = CliHarness.run("validate", "--no-such-option", "x");
        assertEquals(ExitCode.USAGE, r.exitCode());
        assertNoStackTrace(r);
    }

    @Test
    void jsonFormatIsMachineReadable() throws IOException {
        CliHarness.Result r = CliHarness.run("validate", "--format", "json", BAD.resolve("cap-unknown.json").toString());
        assertEquals(ExitCode.INVALID_INPUT, r.exitCode());
        var array = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.out());
        assertTrue(array.isArray() && array.size() >= 1);
        assertEquals("/process/capabilities/bounding/1", array.get(0).get("pointer").asText());
        assertEquals(7, array.get(0).get("line").asInt());
    }

    @Test
    void everyExampleValidates() throws IOException {
        List<String> args = new ArrayList<>(List.of("validate"));
        try (Stream<Path> s = Files.list(Path.of("examples"))) {
            s.filter(p -> p.toString().endsWith(".json")).sorted().forEach(p -> args.add(p.toString()));
        }
        CliHarness.Result r = CliHarness.run(args.toArray(String[]::new));
        assertEquals(ExitCode.OK, r.exitCode(), r.out() + r.err());
        assertEquals(args.size() - 1, r.out().lines().filter(l -> l.endsWith(": valid")).count());
    }

    @Test
    void whatPlanningRefusesValidateRefusesTooWithItsPosition(@TempDir Path dir) throws IOException {
        StringBuilder rules = new StringBuilder();
        for (int i = 0; i < 1500; i++) {
            rules.append(i == 0 ? "" : ",").append("{\"names\":[\"mkdir\"],\"action\":\"SCMP_ACT_ALLOW\",\"args\":[{\"index\":")
                    .append(i % 6).append(",\"value\":").append(i).append(",\"op\":\"SCMP_CMP_EQ\"}]}");
        }
        String config = Files.readString(Path.of("examples/minimal.json")).replaceFirst("\"linux\": \\{",
                "\"linux\": {\n    \"seccomp\": {\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [" + rules + "]},");
        Files.writeString(dir.resolve("config.json"), config);
        PreflightCliTest.rootfsWithShell(dir);
        String expected = "config.json:10:16: /linux/seccomp: the seccomp filter needs ";
        for (String[] args : List.of(new String[] {"validate", dir.toString()}, new String[] {"validate", dir.resolve("config.json").toString()},
                new String[] {"plan", dir.toString()}, new String[] {"--root", dir.resolve("state").toString(), "run", "--dry-run", dir.toString()})) {
            CliHarness.Result r = CliHarness.run(args);
            assertEquals(ExitCode.INVALID_INPUT, r.exitCode(), String.join(" ", args) + ": " + r.out() + r.err());
            List<String> lines = (r.out() + r.err()).lines().toList();
            assertEquals(1, lines.size(), String.join(" ", args) + ":\n" + r.out() + r.err());
            assertTrue(lines.get(0).contains(expected), lines.get(0));
        }
    }

    @Test
    void aRootfsThatIsAHostSystemDirectoryIsRefusedBeforeAnythingIsCreatedInIt(@TempDir Path dir) throws IOException {
        for (String root : List.of("/etc", "/usr/", "/proc", "/sys/fs", "/dev", "/var/../var")) {
            Files.writeString(dir.resolve("config.json"), Files.readString(Path.of("examples/minimal.json")).replace("\"rootfs\"", "\"" + root + "\""));
            for (String[] args : List.of(new String[] {"validate", dir.resolve("config.json").toString()},
                    new String[] {"--root", dir.resolve("state").toString(), "run", dir.toString()})) {
                CliHarness.Result r = CliHarness.run(args);
                assertEquals(ExitCode.INVALID_INPUT, r.exitCode(), root + ": " + r.out() + r.err());
                assertTrue((r.out() + r.err()).contains("/root/path: root.path \"" + root + "\""), root + ": " + r.out() + r.err());
                assertTrue((r.out() + r.err()).contains("is a system directory of the host, not an image"), root + ": " + r.out() + r.err());
            }
        }
        assertFalse(Files.exists(Path.of("/etc/dev")) || Files.exists(Path.of("/usr/proc")));
    }

    /** What --root holds (nothing is left there by a refused config). */
    private static List<String> containerEntries(Path root) throws IOException {
        if (!Files.exists(root)) return List.of();
        try (Stream<Path> s = Files.list(root)) {
            return s.map(p -> p.getFileName().toString()).toList();
        }
    }

    static void assertNoStackTrace(CliHarness.Result r) {
        String all = r.out() + r.err();
        assertFalse(all.contains("\tat ") || all.contains("Exception in thread"), "stack trace printed:\n" + all);
    }
}
