package io.minicontainer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One preflight for every verb that plans: plan, run --dry-run, run and validate on a bundle
 * directory refuse the same bundle with the same line; validate --portable skips the host checks.
 */
class PreflightCliTest {
    private static final String MISSING_ROOTFS = "/root/path: root.path \"rootfs\" does not exist";
    private static final String MISSING_ARG0 = "/process/args/0: executable \"/bin/sh\" not found in the rootfs";

    @Test
    void aMissingRootfsIsRefusedByEveryVerbThatPlansAndByValidate(@TempDir Path dir) throws IOException {
        Files.copy(Path.of("examples/minimal.json"), dir.resolve("config.json"));
        assertEveryVerbRefuses(dir, MISSING_ROOTFS);
    }

    @Test
    void aMissingProgramIsRefusedByEveryVerbThatPlansAndByValidate(@TempDir Path dir) throws IOException {
        Files.copy(Path.of("examples/minimal.json"), dir.resolve("config.json"));
        Files.createDirectories(dir.resolve("rootfs/bin")); // no sh in it
        assertEveryVerbRefuses(dir, MISSING_ARG0);
    }

    @Test
    void validatePortableSkipsTheHostChecks(@TempDir Path dir) throws IOException {
        Files.copy(Path.of("examples/minimal.json"), dir.resolve("config.json"));
        CliHarness.Result r = CliHarness.run("validate", "--portable", dir.toString());
        assertEquals(ExitCode.OK, r.exitCode(), r.out() + r.err());
        assertTrue(r.out().contains(dir + ": valid"), r.out());
    }

    @Test
    void aBundleThatPassesThePreflightPlans(@TempDir Path dir) throws IOException {
        Files.copy(Path.of("examples/minimal.json"), dir.resolve("config.json"));
        rootfsWithShell(dir);
        for (List<String> verb : List.of(List.of("plan"), List.of("run", "--dry-run"), List.of("validate"))) {
            CliHarness.Result r = cli(dir, verb);
            assertEquals(ExitCode.OK, r.exitCode(), verb + ":\n" + r.out() + r.err());
        }
    }

    @Test
    // a duplicate id is invalid input (65) from run, run --dry-run and create alike
    void aDryRunRefusesAnIdThatRunWouldRefuse(@TempDir Path dir) throws IOException {
        Files.copy(Path.of("examples/minimal.json"), dir.resolve("config.json"));
        rootfsWithShell(dir);
        Files.createDirectories(dir.resolve("state/taken"));
        CliHarness.Result r = CliHarness.run("--root", dir.resolve("state").toString(), "run", "--dry-run", "--id", "taken", dir.toString());
        assertEquals(ExitCode.INVALID_INPUT, r.exitCode(), r.err());
        assertTrue(r.err().contains("container taken already exists"), r.err());
    }

    /** "and 1 more above; validate lists them all" must be true: validate on the bundle lists both errors. */
    @Test
    void theCountOfFurtherErrorsIsWhatValidateLists(@TempDir Path dir) throws IOException {
        String config = Files.readString(Path.of("examples/minimal.json"))
                .replace("\"process\": {", "\"process\": {\"rlimits\": [{\"type\": \"RLIMIT_NOFILE\", \"soft\": 1, \"hard\": 1000000000}],");
        Files.writeString(dir.resolve("config.json"), config);
        CliHarness.Result run = cli(dir, List.of("run", "--dry-run"));
        assertEquals(ExitCode.INVALID_INPUT, run.exitCode(), run.err());
        List<String> lines = run.err().lines().toList();
        String last = lines.get(lines.size() - 1);
        assertTrue(last.contains("(and 1 more above; 'mini-container validate " + dir.toRealPath() + "' lists them all)"), run.err());
        assertTrue(run.err().contains(MISSING_ROOTFS) && run.err().contains("/process/rlimits/0/hard"), run.err());

        CliHarness.Result validate = CliHarness.run("validate", dir.toString());
        assertEquals(ExitCode.INVALID_INPUT, validate.exitCode());
        assertTrue(validate.out().contains(MISSING_ROOTFS) && validate.out().contains("/process/rlimits/0/hard"), validate.out());
    }

    private static void assertEveryVerbRefuses(Path dir, String message) {
        for (List<String> verb : List.of(List.of("plan"), List.of("run", "--dry-run"), List.of("run"), List.of("validate"))) {
            CliHarness.Result r = cli(dir, verb);
            assertEquals(ExitCode.INVALID_INPUT, r.exitCode(), verb + ":\n" + r.out() + r.err());
            String shown = verb.get(0).equals("validate") ? r.out() : r.err();
            assertTrue(shown.contains(message), verb + " does not say " + message + ":\n" + shown);
            BadInputCliTest.assertNoStackTrace(r);
        }
    }

    /**
     * seccomp-names only warns (names of other CPUs are normal in real profiles, podman's among them): `validate`
     * shows it, and the verbs that start a container neither show it nor spend the time on it (Checks.START).
     */
    @Test
    void onlyValidateWarnsAboutUnknownSyscallNames(@TempDir Path dir) throws IOException {
        String config = Files.readString(Path.of("examples/minimal.json")).replaceFirst("\"linux\"\\s*:\\s*\\{",
                "\"linux\": {\"seccomp\": {\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": "
                        + "[{\"names\": [\"mkdri\"], \"action\": \"SCMP_ACT_ERRNO\"}]},");
        Files.writeString(dir.resolve("config.json"), config);
        rootfsWithShell(dir);
        String warning = "/linux/seccomp/syscalls/0/names/0: warning: syscall \"mkdri\" is unknown";
        CliHarness.Result validate = cli(dir, List.of("validate"));
        assertEquals(ExitCode.OK, validate.exitCode(), validate.out() + validate.err());
        assertTrue((validate.out() + validate.err()).contains(warning), validate.out() + validate.err());
        for (List<String> verb : List.of(List.of("plan"), List.of("run", "--dry-run"))) {
            CliHarness.Result r = cli(dir, verb);
            assertEquals(ExitCode.OK, r.exitCode(), verb + ":\n" + r.out() + r.err());
            assertFalse((r.out() + r.err()).contains("mkdri"), verb + ":\n" + r.out() + r.err());
        }
    }

    private static CliHarness.Result cli(Path dir, List<String> verb) {
        List<String> args = new ArrayList<>(List.of("--root", dir.resolve("state").toString()));
        args.addAll(verb);
        args.add(dir.toString());
        return CliHarness.run(args.toArray(String[]::new));
    }

    /** rootfs/bin/sh as an executable file: enough for the preflight, which never runs it. */
    static void rootfsWithShell(Path bundle) throws IOException {
        Path sh = Files.createDirectories(bundle.resolve("rootfs/bin")).resolve("sh");
        Files.createFile(sh);
        Files.setPosixFilePermissions(sh, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
