package io.minicontainer.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

    /** The bytes' fast path answers as parse(String) of their ISO-8859-1 text, on real and mutated stat lines. */
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
                    ProcStat s = ProcStat.parse(new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1));
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

    /** comm is cut at 15 bytes, so it may end inside a UTF-8 character: the process is still read, not taken as gone. */
    @Test
    void aNameCutInsideAUtf8CharacterStillReads() {
        byte[] raw = "7 (abcdefghijklmn\u00e9) S 0 1 1 0 -1 4194560 100 0 0 0 1 2 0 0 20 0 1 0 3767334 1000 10".getBytes(StandardCharsets.UTF_8);
        byte[] cut = new byte[raw.length - 1]; // drop the second byte of the é: what the kernel's 15-byte cut leaves
        System.arraycopy(raw, 0, cut, 0, 18);
        System.arraycopy(raw, 19, cut, 18, raw.length - 19);
        ProcStat s = ProcStat.parse(cut);
        assertEquals('S', s.state());
        assertEquals(3767334L, s.startTime());
    }

    /** The same on a real process: run through a link whose name the kernel cuts inside its last character. */
    @Test
    void aLiveProcessWithACutNameIsAlive(@TempDir Path dir) throws Exception {
        Path link = Files.createSymbolicLink(dir.resolve("abcdefghijklmn\u00e9"), Path.of("/bin/sleep"));
        Process p = new ProcessBuilder(link.toString(), "30").start();
        try {
            int pid = (int) p.pid();
            byte[] comm = new byte[0];
            for (int i = 0; i < 500 && comm.length != 16; i++) { // 15 bytes and a newline, once exec'd
                comm = Files.readAllBytes(Path.of("/proc", Integer.toString(pid), "comm"));
                if (comm.length != 16) Thread.sleep(10);
            }
            assertEquals((byte) 0xc3, comm[14], "the kernel kept the é's first byte only");
            ProcStat s = ProcStat.read(pid).orElseThrow();
            assertTrue(ProcStat.isAlive(pid, s.startTime()));
        } finally {
            p.destroyForcibly();
            p.waitFor();
        }
    }
}
