package io.minicontainer.ffi;

import java.util.ArrayList;
import java.util.List;

/** A fake for unit tests: records every call and answers with a fixed errno (0 = success). */
public final class RecordingSyscalls implements Syscalls {
    public record Kill(int pid, int signal) {}

    public final List<Kill> kills = new ArrayList<>();
    private final int errno;

    public RecordingSyscalls(int errno) { this.errno = errno; }

    @Override
    public synchronized int kill(int pid, int signal) {
        kills.add(new Kill(pid, signal));
        return errno;
    }
}
