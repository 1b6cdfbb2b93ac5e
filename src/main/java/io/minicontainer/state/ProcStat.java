package io.minicontainer.state;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** The two fields of /proc/[pid]/stat that tell whether a recorded pid is still our process. */
public record ProcStat(char state, long startTime) {

    /** Empty when the process does not exist (or /proc cannot tell). */
    public static Optional<ProcStat> read(int pid) {
        if (pid <= 0) return Optional.empty();
        try {
            return Optional.of(parse(Files.readAllBytes(Path.of("/proc", Integer.toString(pid), "stat"))));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * The file's bytes. comm (field 2) is up to 15 bytes of whatever the process named itself, cut anywhere, even inside
     * a UTF-8 character; only the fields after its last ')' are read, and the kernel writes those in ASCII. So the bytes
     * are read as ISO-8859-1, which maps every byte: a strict UTF-8 decoding refused such a name, and a running
     * container whose init had one read as gone (state "stopped", pid 0). The kernel's plain shape is read off the bytes:
     * Files.readString, trim and split took a cold `state` ~480 us against ~230 us (medians of 7 fresh JVMs each), 0.86 M
     * instructions of 46.6 M (callgrind; docs/STARTUP.md, "readverbs"); anything else takes the String path.
     */
    static ProcStat parse(byte[] raw) {
        ProcStat plain = parseAscii(raw);
        return plain != null ? plain : parse(new String(raw, StandardCharsets.ISO_8859_1));
    }

    /**
     * What {@link #parse(String)} gives for the ISO-8859-1 text of {@code raw} when the state follows the last ')'
     * after one blank and field 22 is 1-18 digits ended by a blank; null for anything else (the String path then decides).
     */
    private static ProcStat parseAscii(byte[] raw) {
        int close = -1;
        for (int k = 0; k < raw.length; k++) {
            if (raw[k] == ')') close = k; // no byte of a multi-byte UTF-8 character is ASCII: this is comm's last ')'
        }
        int i = close + 2; // field 3, the state
        if (close < 0 || i >= raw.length || raw[i - 1] != ' ' || raw[i] <= ' ') return null;
        char state = (char) raw[i];
        for (int field = 3; field < 22; i++) { // split(" "): each blank ends one field
            if (i >= raw.length) return null;
            if (raw[i] == ' ') field++;
        }
        long start = 0;
        int digits = 0;
        for (; i < raw.length && raw[i] >= '0' && raw[i] <= '9'; i++, digits++) start = start * 10 + (raw[i] - '0');
        if (digits == 0 || digits > 18 || i >= raw.length || raw[i] != ' ') return null;
        return new ProcStat(state, start);
    }

    /** comm (field 2) may hold spaces and parentheses: the fields after it start after the last ')'. */
    static ProcStat parse(String stat) {
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        // f[0] is field 3 (state), so field 22 (starttime) is f[19]
        return new ProcStat(f[0].charAt(0), Long.parseLong(f[19]));
    }

    public boolean isZombie() { return state == 'Z' || state == 'X'; }

    /** True when {@code pid} is alive (not a zombie) and is the process started at {@code startTime}. */
    public static boolean isAlive(int pid, long startTime) {
        Optional<ProcStat> s = read(pid); // no lambda: see StateStore.require
        return s.isPresent() && !s.get().isZombie() && s.get().startTime() == startTime;
    }
}
