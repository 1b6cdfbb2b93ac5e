package io.minicontainer.exec;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReportAndErrnoTest {
    @Test
    void decodesRawWaitStatus() {
        Report exited = new Report(Report.Type.EXIT, 3 << 8, 0, 0);
        assertTrue(exited.exited());
        assertEquals(3, exited.exitCode());
        assertEquals(3, exited.shellStatus());

        Report killed = new Report(Report.Type.EXIT, 15, 0, 0);
        assertFalse(killed.exited());
        assertEquals(15, killed.termSignal());
        assertEquals(143, killed.shellStatus());

        Report coreDumped = new Report(Report.Type.EXIT, 0x80 | 11, 0, 0);
        assertEquals(11, coreDumped.termSignal());
    }

    @Test
    void accessorsRefuseTheWrongReportType() {
        assertThrows(IllegalStateException.class, () -> new Report(Report.Type.PID, 1, 0, 0).errno());
        assertEquals("ERROR step 7: ENOENT", new Report(Report.Type.ERROR, 7, 2, 0).toString());
    }

    @Test
    void errnoNamesAndTexts() {
        assertEquals("ENOENT", Errno.name(2));
        assertEquals("EPERM", Errno.name(1));
        assertEquals("Invalid argument", Errno.text(22));
        assertEquals("ELOOP (Too many levels of symbolic links)", Errno.describe(40));
        assertEquals("errno 4095", Errno.name(4095));
        assertEquals("Unknown error 4095", Errno.text(4095));
    }
}
