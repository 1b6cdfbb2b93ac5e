package io.minicontainer.cli;

import static io.minicontainer.cli.QuickCli.run;
import static io.minicontainer.cli.QuickCli.runWithStdin;
import static io.minicontainer.cli.QuickCli.statusField;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The quick form's example command lines, literally, plus operands, dispatch, help and bad input. */
class QuickExamplesIT {
    static Path work;
    static Path rootfs;

    @BeforeAll
    static void rootfs() throws Exception {
        assertEquals("root", System.getProperty("user.name"), "container tests run as root");
        work = QuickCli.workDir(QuickExamplesIT.class);
        rootfs = QuickCli.freshRootfs(work, "rootfs");
    }

    @Test
    void shellWithStdinFromDevNullExitsZero() throws Exception {
        QuickCli.Result r = run(work, "/bin/sh", rootfs.toString());
        assertEquals(0, r.exit(), r.toString());
    }

    @Test
    void nprocAndMemoryAfterTheOperands() throws Exception {
        QuickCli.Result r = runWithStdin(work, "echo pid=$$\n", "/bin/sh", rootfs.toString(), "--nproc", "5", "--memory", "1048");
        assertEquals(0, r.exit(), r.toString());
        assertEquals("pid=1\n", r.out(), r.toString());
    }

    @Test
    void dropAllAddNetBindService() throws Exception {
        QuickCli.Result r = runWithStdin(work, "grep Cap /proc/self/status\n", "/bin/sh", rootfs.toString(),
                "--cap-drop", "ALL", "--cap-add", "NET_BIND_SERVICE");
        assertEquals(0, r.exit(), r.toString());
        assertEquals("0000000000000400", statusField(r.out(), "CapEff"), r.toString());
    }

    @Test
    void userZero() throws Exception {
        QuickCli.Result r = runWithStdin(work, "id\n", "/bin/sh", rootfs.toString(), "--user", "0");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().startsWith("uid=0 gid=0"), r.toString());
    }

    @Test
    void optionsBeforeTheOperandsAndARelativeRootfs() throws Exception {
        QuickCli.Result r = runWithStdin(work, "echo ok\n", "--nproc", "5", "-m", "64", "/bin/sh", "rootfs");
        assertEquals(0, r.exit(), r.toString());
        assertEquals("ok\n", r.out());
    }

    @Test
    void aQuotedCommandWithBlanksIsSplitIntoArguments() throws Exception {
        QuickCli.Result r = run(work, "/bin/echo hello   world", "rootfs");
        assertEquals(0, r.exit(), r.toString());
        assertEquals("hello world\n", r.out());
    }

    @Test
    void argumentsAfterDoubleDashGoToTheCommandEvenIfTheyLookLikeOptions() throws Exception {
        QuickCli.Result r = run(work, "/bin/echo", "rootfs", "--", "-n", "--memory", "x");
        assertEquals(0, r.exit(), r.toString());
        assertEquals("--memory x", r.out());
    }

    @Test
    void aCommandWithoutSlashIsLookedUpInTheContainersPath() throws Exception {
        QuickCli.Result r = run(work, "echo", "rootfs", "--", "found");
        assertEquals(0, r.exit(), r.toString());
        assertEquals("found\n", r.out());
    }

    @Test
    void theContainersExitStatusIsReturned() throws Exception {
        assertEquals(3, run(work, "/bin/sh", "rootfs", "--", "-c", "exit 3").exit());
        assertEquals(3, runWithStdin(work, "exit 3\n", "/bin/sh", "rootfs").exit());
    }

    @Test
    void verbsWinOverTheQuickFormAndAPathIsNeverAVerb() throws Exception {
        Path runRootfs = QuickCli.freshRootfs(work, "run");
        Path program = runRootfs.resolve("bin/run");
        Files.writeString(program, "#!/bin/sh\necho ran\n");
        Files.setPosixFilePermissions(program, PosixFilePermissions.fromString("rwxr-xr-x"));

        QuickCli.Result verb = run(work, "run", "run");
        assertEquals(ExitCode.INVALID_INPUT, verb.exit(), "'run run' is the verb run with bundle ./run: " + verb);
        assertTrue(verb.err().contains("no config.json in this directory"), verb.toString());

        QuickCli.Result rootfsNamedRun = run(work, "/bin/echo", "run", "--", "rootfs called run");
        assertEquals(0, rootfsNamedRun.exit(), rootfsNamedRun.toString());
        assertEquals("rootfs called run\n", rootfsNamedRun.out());

        QuickCli.Result programNamedRun = run(work, "/bin/run", "./run");
        assertEquals(0, programNamedRun.exit(), programNamedRun.toString());
        assertEquals("ran\n", programNamedRun.out());
    }

    @Test
    void helpShowsTheQuickFormAndTheVerbs() throws Exception {
        QuickCli.Result r = run(work, "--help");
        assertEquals(0, r.exit(), r.toString());
        for (String s : new String[] {"<COMMAND> <ROOTFS>", "Quick form options:", "--cap-drop", "--nproc", "-p, --pid",
                "Commands:", "run ", "plan ", "validate "}) {
            assertTrue(r.out().contains(s), s + " missing:\n" + r.out());
        }
        assertFalse(r.out().matches("(?s).*\\n\\s+quick\\s.*"), "the verb behind the quick form stays hidden:\n" + r.out());
        QuickCli.Result quickHelp = run(work, "/bin/sh", "rootfs", "-h");
        assertEquals(0, quickHelp.exit(), quickHelp.toString());
        assertTrue(quickHelp.out().contains("--cap-add"), quickHelp.toString());
    }

    @Test
    void noArgumentsPrintsHelpToStderrAndExits64() throws Exception {
        QuickCli.Result r = QuickCli.runBare(work);
        assertEquals(ExitCode.USAGE, r.exit(), r.toString());
        assertEquals("", r.out());
        assertTrue(r.err().contains("Quick form options:"), r.toString());
    }

    @Test
    void badInputIsOneLineAndExit65() throws Exception {
        Files.writeString(work.resolve("afile"), "");
        expectInvalid(run(work, "/bin/sh", "missing"), "ROOTFS missing: no such directory");
        expectInvalid(run(work, "/bin/sh", "afile"), "ROOTFS afile: not a directory");
        expectInvalid(run(work, "/bin/sh", "rootfs", "-m", "lots"), "--memory lots: not a size (give megabytes such as 512, or a suffix: 64k, 512m, 1g)");
        expectInvalid(run(work, "/bin/sh", "rootfs", "--cap-add", "NET_BIND_SERVCE"),
                "--cap-add NET_BIND_SERVCE: unknown capability (did you mean NET_BIND_SERVICE?)");
        expectInvalid(run(work, "/bin/sh", "rootfs", "-u", "nobody"), "--user nobody: expected UID or UID:GID");
        QuickCli.Result missing = run(work, "/bin/nothere", "rootfs");
        assertEquals(ExitCode.INVALID_INPUT, missing.exit(), missing.toString());
        assertTrue(missing.err().contains("quick-config.json:") && missing.err().contains("/process/args/0")
                && missing.err().contains("not found in the rootfs"), missing.toString());
        QuickCli.Result usage = run(work, "/bin/sh", "rootfs", "--nproc", "many");
        assertEquals(ExitCode.USAGE, usage.exit(), usage.toString());
        assertTrue(usage.err().contains("Try 'mini-container --help'"), usage.toString());
        QuickCli.Result noRootfs = run(work, "/bin/sh");
        assertEquals(ExitCode.USAGE, noRootfs.exit(), noRootfs.toString());
        assertTrue(noRootfs.err().contains("ROOTFS"), noRootfs.toString());
    }

    private static void expectInvalid(QuickCli.Result r, String message) {
        assertEquals(ExitCode.INVALID_INPUT, r.exit(), r.toString());
        assertTrue(r.err().startsWith("mini-container: " + message), r.toString());
        assertFalse(r.err().contains("\tat "), "no stack trace without --debug: " + r);
        assertEquals(1, r.err().lines().count(), r.toString());
    }
}
