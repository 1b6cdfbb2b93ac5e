package io.minicontainer.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ProcStatTest {
    @Test
    void parsesStateAndStartTimeEvenWithParenthesesInTheName() {
        String stat = "4242 (a (weird) name) Z 1 4242 4242 0 -1 4194560 100 0 0 0 1 2 0 0 20 0 1 0 987654 1000 10";
        ProcStat s = ProcStat.parse(stat);
        assertEquals('Z', s.state());
        assertEquals(987654L, s.startTime());
        assertTrue(s.isZombie());
    }

    @Test
    void ownProcessIsAliveOnlyWithItsStartTime() {
        int self = (int) ProcessHandle.current().pid();
        ProcStat s = ProcStat.read(self).orElseThrow();
        assertTrue(ProcStat.isAlive(self, s.startTime()));
        assertFalse(ProcStat.isAlive(self, s.startTime() + 1), "another start time means pid reuse");
        assertFalse(ProcStat.isAlive(-1, 0));
    }

    /** The bytes' reader answers as Files.readString then parse(String) did, on real and mutated stat lines. */
    @Test
    void bytesAreReadAsTheDecodedStringWas() throws IOException {
        Random random = new Random(13);
        String real = Files.readString(Path.of("/proc/self/stat"));
        String[] seeds = {real, "4242 (a (weird) name) Z 1 4242 4242 0 -1 4194560 100 0 0 0 1 2 0 0 20 0 1 0 987654 1000 10",
                "1 (sh) S 0 1 1 0 -1 4194560 100 0 0 0 1 2 0 0 20 0 1 0 3767334 1000 10\n", "1 (sh) S 0 1 1 0 -1 4194560 100 0 0 0 1 2 0 0 20 0 1 0 3767334\n"};
        String alphabet = " ()0123456789-+SZR\n\té";
        int compared = 0;
        for (String seed : seeds) {
            for (int n = 0; n < 20_000; n++) {
                StringBuilder b = new StringBuilder(seed);
                for (int k = random.nextInt(4); k > 0 && b.length() > 0; k--) {
                    int at = random.nextInt(b.length());
                    switch (random.nextInt(3)) {
                        case 0 -> b.deleteCharAt(at);
                        case 1 -> b.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
                        default -> b.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length())));
                    }
                }
                String text = b.toString();
                String expected;
                try {
                    ProcStat s = ProcStat.parse(text);
                    expected = s.state() + " " + s.startTime();
                } catch (RuntimeException e) {
                    expected = "refused";
                }
                String actual;
                try {
                    ProcStat s = ProcStat.parse(text.getBytes(StandardCharsets.UTF_8));
                    actual = s.state() + " " + s.startTime();
                } catch (RuntimeException e) {
                    actual = "refused";
                }
                assertEquals(expected, actual, text);
                compared++;
            }
        }
        assertTrue(compared >= 80_000);
    }

    /** Files.readString refused a comm that is not UTF-8 (an IOException: the process counted as gone); so do the bytes. */
    @Test
    void malformedUtf8IsAnIoExceptionAsWithReadString() {
        byte[] raw = "7 (\u00e9\u00e9x) S 0 1 1 0 -1 4194560 100 0 0 0 1 2 0 0 20 0 1 0 3767334 1000 10".getBytes(StandardCharsets.UTF_8);
        raw[4] = (byte) 0xc3; raw[5] = (byte) 0x28; // a lead byte followed by no continuation byte
        assertThrows(IOException.class, () -> ProcStat.parse(raw));
    }
}
