package io.minicontainer.state;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** The two fields of /proc/[pid]/stat that tell whether a recorded pid is still our process. */
public record ProcStat(char state, long startTime) {

    /** Empty when the process does not exist (or /proc cannot tell). */
    public static Optional<ProcStat> read(int pid) {
        if (pid <= 0) return Optional.empty();
        try {
            return Optional.of(parse(Files.readString(Path.of("/proc", Integer.toString(pid), "stat"))));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
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
