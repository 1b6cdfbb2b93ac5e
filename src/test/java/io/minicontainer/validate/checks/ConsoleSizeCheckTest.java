package io.minicontainer.validate.checks;

import static io.minicontainer.validate.checks.CheckHarness.run;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** consoleSize is ignored without a terminal (runtime-spec: MUST ignore): a warning, never an error. */
class ConsoleSizeCheckTest {
    private static String process(String inner) {
        return "{'ociVersion':'1.0.2','root':{'path':'rootfs'},'process':{'args':['/bin/sh'],'cwd':'/'," + inner + "}}";
    }

    @Test
    void withoutATerminalItIsAWarning() {
        ConsoleSizeCheck c = new ConsoleSizeCheck();
        String warning = "W /process/consoleSize: consoleSize is ignored: process.terminal is not true, so there is no pty to size "
                + "[set \"terminal\": true, or remove consoleSize]";
        assertEquals(List.of(warning), run(c, process("'terminal':false,'consoleSize':{'height':24,'width':80}")));
        assertEquals(List.of(warning), run(c, process("'consoleSize':{'height':24,'width':80}")));
        assertEquals(List.of(), run(c, process("'terminal':true,'consoleSize':{'height':24,'width':80}")));
        assertEquals(List.of(), run(c, process("'terminal':false")));
    }
}
