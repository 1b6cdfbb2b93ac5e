package io.minicontainer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Every verb answers --help with its own usage and exit 0. */
class HelpCliTest {
    @Test
    void everyVerbHasHelp() {
        for (var e : PicocliMain.commandLine().getSubcommands().entrySet()) {
            String verb = e.getKey(), name = e.getValue().getCommandName(); // verb may be an alias (ls)
            if (verb.equals(Dispatch.QUICK)) continue;
            if (e.getValue().getCommand() instanceof UnsupportedCommand) continue; // fails on --help: EngineCallsCliTest
            CliHarness.Result r = CliHarness.run(verb, "--help");
            assertEquals(ExitCode.OK, r.exitCode(), verb + ": " + r.err());
            assertTrue(r.out().startsWith("Usage: mini-container " + name), verb + ":\n" + r.out());
        }
    }
}
