package io.minicontainer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/** Each verb's --help describes its container ID, and leaves the refused global options to the top-level help. */
class VerbHelpCliTest {
    private static List<CommandLine> verbs() {
        List<CommandLine> verbs = new ArrayList<>();
        for (var e : PicocliMain.commandLine().getSubcommands().entrySet()) {
            if (e.getKey().equals(Dispatch.QUICK) || e.getValue().getCommand() instanceof UnsupportedCommand) continue;
            verbs.add(e.getValue());
        }
        return verbs;
    }

    @Test
    void everyIdArgumentOrOptionIsDescribed() {
        int ids = 0;
        for (CommandLine verb : verbs()) {
            List<ArgSpec> args = new ArrayList<>(verb.getCommandSpec().positionalParameters());
            args.addAll(verb.getCommandSpec().options());
            for (ArgSpec a : args) {
                if (!a.paramLabel().matches("(?:.*\\|)?ID(?:\\|.*)?")) continue;
                ids++;
                String text = String.join(" ", a.description());
                assertTrue(java.util.regex.Pattern.compile("\\bid\\b", java.util.regex.Pattern.CASE_INSENSITIVE).matcher(text).find(), verb.getCommandName() + " " + a.paramLabel() + ": '" + text + "'");
                assertTrue(text.length() > 20, verb.getCommandName() + " " + a.paramLabel() + " says too little: '" + text + "'");
            }
        }
        assertTrue(ids >= 14, "the verbs on containers, create, run, plan, exec: " + ids);
    }

    @Test
    void theRefusedSystemdCgroupIsListedOnceAtTheTopAndStillRefusedAfterAVerb() {
        for (CommandLine verb : verbs()) {
            CliHarness.Result r = CliHarness.run(verb.getCommandName(), "--help");
            assertFalse(r.out().contains("--systemd-cgroup"), verb.getCommandName() + " --help repeats it:\n" + r.out());
            OptionSpec o = verb.getCommandSpec().findOption("--systemd-cgroup");
            assertTrue(o != null && o.hidden(), verb.getCommandName() + " still accepts (and refuses) it");
        }
        CliHarness.Result top = CliHarness.run("--help");
        assertEquals(1, top.out().split("--systemd-cgroup", -1).length - 1, top.out());
        CliHarness.Result after = CliHarness.run("state", "--systemd-cgroup", "x");
        assertEquals(ExitCode.INVALID_INPUT, after.exitCode(), after.err());
        assertTrue(after.err().contains("--systemd-cgroup is not supported"), after.err());
    }
}
