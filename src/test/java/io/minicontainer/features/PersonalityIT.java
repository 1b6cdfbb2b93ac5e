package io.minicontainer.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minicontainer.testing.ContainerFixture;
import io.minicontainer.testing.ContainerFixture.Result;
import org.junit.jupiter.api.Test;

/** linux.personality: the execution domain the process runs in, read back with uname inside. */
class PersonalityIT {
    private static String machine(String domain) throws Exception {
        try (ContainerFixture c = ContainerFixture.create()) {
            if (domain != null) c.linux().putObject("personality").put("domain", domain);
            Result r = c.shell("echo machine=$(uname -m); echo persona=$(cat /proc/self/personality)").run();
            assertEquals(0, r.exitCode(), r.dump());
            c.assertNothingLeft();
            return r.value("machine") + " " + r.value("persona");
        }
    }

    @Test
    void linux32MakesTheMachineLookLikeI686() throws Exception {
        String plain = machine(null);
        assertTrue(plain.startsWith("x86_64 "), plain);
        assertEquals("i686 00000008", machine("LINUX32"));
        assertEquals("x86_64 00000000", machine("LINUX"));
    }
}
