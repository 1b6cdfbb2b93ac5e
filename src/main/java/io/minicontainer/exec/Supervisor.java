package io.minicontainer.exec;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * The native supervisor this JVM was started under (bin/mini-container execs {@code mc-supervisor} for a
 * foreground `run`; docs/PROTOCOL.md, "The supervisor"). It passes {@code -Dmc.supervisor=PID:FD}: its own
 * pid, which must be our parent, and the write end of a pipe it reads the cleanup data from. That fd is the
 * only one it gives the JVM; every child the JVM starts (helper, hooks) gets only 0-2 from ProcessBuilder.
 */
public final class Supervisor {
    private final long pid;
    private final int dataFd;

    Supervisor(long pid, int dataFd) {
        this.pid = pid;
        this.dataFd = dataFd;
    }

    /** The supervisor of this JVM, or null when there is none (java started directly, tests in-process). */
    public static Supervisor current() {
        Supervisor s = parse(System.getProperty("mc.supervisor"));
        if (s == null) return null;
        long parent = ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(-1L);
        return parent == s.pid ? s : null; // a property copied into another JVM's command line names nobody
    }

    /** "PID:FD" with both positive, else null. */
    static Supervisor parse(String value) {
        if (value == null) return null;
        int colon = value.indexOf(':');
        if (colon <= 0) return null;
        try {
            long pid = Long.parseLong(value.substring(0, colon));
            int fd = Integer.parseInt(value.substring(colon + 1));
            return pid > 1 && fd > 2 ? new Supervisor(pid, fd) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    public long pid() { return pid; }

    int dataFd() { return dataFd; }

    /** Writes the whole cleanup data (ending in its commit record) to the supervisor's pipe. */
    void commit(byte[] data) throws IOException {
        // /dev/fd/N reopens the inherited pipe: the JDK has no public way to wrap a raw fd number
        try (OutputStream out = new FileOutputStream("/dev/fd/" + dataFd)) {
            out.write(data);
        }
    }
}
