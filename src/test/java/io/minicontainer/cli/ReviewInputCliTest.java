package io.minicontainer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** diff and audit read a config as every other verb does: strict UTF-8 with the bad byte's position, no BOM. */
class ReviewInputCliTest {
    @TempDir
    Path dir;

    @Test
    void aConfigThatIsNotUtf8IsNamedWithItsPosition() throws Exception {
        Path bad = dir.resolve("bad.json");
        byte[] head = "{\"ociVersion\": \"1.0.2\",\n \"hostname\": \"".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] text = new byte[head.length + 3];
        System.arraycopy(head, 0, text, 0, head.length);
        text[head.length] = (byte) 0xff;
        text[head.length + 1] = '"';
        text[head.length + 2] = '}';
        Files.write(bad, text);
        for (String verb : new String[] {"audit", "diff"}) {
            CliHarness.Result r = verb.equals("audit") ? CliHarness.run("audit", bad.toString())
                    : CliHarness.run("diff", "examples/minimal.json", bad.toString());
            assertEquals(ExitCode.INVALID_INPUT, r.exitCode(), verb + ": " + r.out() + r.err());
            assertTrue(r.err().contains("not valid UTF-8 (byte 0xff)") && r.err().contains(":2:"), verb + ": " + r.err());
        }
    }
}
