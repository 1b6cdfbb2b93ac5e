package io.minicontainer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** The Verbs table matches the commands' own names and aliases; only plain "ROOT-OPTIONS VERB" lines take the one-verb tree. */
class VerbsTest {
    @Test
    void tableNamesAndAliasesAreWhatPicocliRegisters() {
        List<String> table = new ArrayList<>();
        for (Verbs.Verb v : Verbs.ALL) { table.add(v.name()); table.addAll(v.aliases()); }
        assertEquals(table, new ArrayList<>(PicocliMain.commandLine().getSubcommands().keySet()));
        for (Verbs.Verb v : Verbs.ALL) {
            assertEquals(v.name(), new CommandLine(v.command()).getCommandName(), v.command().getName());
        }
    }

    static Verbs.Verb plain(String... args) {
        CommandSpec root = new CommandLine(new RootCommand()).getCommandSpec();
        return Dispatch.plainVerb(root, args);
    }

    @Test
    void aVerbAfterRootOptionsIsPlain() {
        assertEquals("state", plain("state", "x").name());
        assertEquals("list", plain("ls").name());
        assertEquals("delete", plain("--root", "/tmp/s", "--log=/tmp/l", "--log-format", "json", "--debug",
                "--systemd-cgroup", "delete", "--force", "x").name());
        assertEquals("kill", plain("--root", "state", "kill", "x", "9").name(), "an option's value is not the verb");
    }

    @Test
    void anythingElseGoesToTheFullTree() {
        assertNull(plain());
        assertNull(plain("--help", "state"));
        assertNull(plain("-h"));
        assertNull(plain("--version", "state"));
        assertNull(plain("--bogus", "state", "x"), "picocli names the unknown option, with the full tree");
        assertNull(plain("-u", "0", "run", "r"), "a quick-form option before the verb");
        assertNull(plain("--", "state"));
        assertNull(plain("/bin/sh", "rootfs"));
        assertNull(plain("./state", "rootfs"));
        assertNull(plain("--root"));
    }

    @Test
    void oneVerbTreeReportsUsageErrorsLikeTheFullTree() {
        CliHarness.Result r = CliHarness.run("--root", "/tmp/mini-container-verbs-test", "state");
        assertEquals(ExitCode.USAGE, r.exitCode());
        assertTrue(r.err().startsWith("mini-container: Missing required parameter"), r.err());
        assertTrue(r.err().contains("Try 'mini-container state --help' for usage."), r.err());
        CliHarness.Result root = CliHarness.run("--help");
        for (Verbs.Verb v : Verbs.ALL) {
            if (!v.name().equals(Dispatch.QUICK)) assertTrue(root.out().contains("  " + v.name()), v.name() + ":\n" + root.out());
        }
    }
}
