package io.minicontainer.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minicontainer.testing.ContainerFixture;
import io.minicontainer.testing.ContainerFixture.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** examples/hardened.json passes `audit` clean and still runs a program, isolated as it says (issue 15). */
class HardenedExampleIT {
    @Test
    void theHardenedExampleAuditsCleanAndRuns() throws Exception {
        try (ContainerFixture c = ContainerFixture.create()) {
            c.configJson(Files.readString(Path.of("examples/hardened.json")));
            c.shell("id -u; grep -E '^(CapEff|CapBnd|NoNewPrivs|Seccomp):' /proc/self/status; "
                    + "touch /etc/x 2>/dev/null && echo root=writable || echo root=readonly; "
                    + "echo ok > /tmp/t && cat /tmp/t;"
                    + "unshare -U true 2>/dev/null && echo unshare=allowed || echo unshare=refused");
            c.writeConfig();
            Result audit = c.cli(List.of("audit", "--fail-on", "low", c.bundle().toString()));
            assertEquals(0, audit.exitCode(), audit.dump());
            assertTrue(audit.stdout().contains("clean (no findings)"), audit.dump());

            Result r = c.run();
            assertEquals(0, r.exitCode(), r.dump());
            assertTrue(r.stdout().startsWith("1000\n"), r.dump());
            assertEquals("0000000000000000", field(r, "CapEff"), r.dump());
            assertEquals("0000000000000000", field(r, "CapBnd"), r.dump());
            assertEquals("1", field(r, "NoNewPrivs"), r.dump());
            assertEquals("2", field(r, "Seccomp"), r.dump());
            assertEquals("readonly", r.value("root"), r.dump());
            assertTrue(r.stdout().contains("\nok\n"), r.dump());
            // unshare(2) is not on the profile's allow list: the filter refuses it with EPERM
            assertEquals("refused", r.value("unshare"), r.dump());
            c.assertNothingLeft();
        }
    }

    private static String field(Result r, String name) {
        for (String line : r.stdout().split("\n")) if (line.startsWith(name + ":")) return line.substring(name.length() + 1).trim();
        throw new AssertionError("no " + name + " in\n" + r.dump());
    }
}
