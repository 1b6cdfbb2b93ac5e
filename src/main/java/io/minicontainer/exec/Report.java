package io.minicontainer.exec;

/**
 * One helper → Java record (docs/PROTOCOL.md): {@code type a b c}. {@link Type#EOF} is not on
 * the wire: {@link HelperSession#next()} returns it when the helper closed the socket.
 */
public record Report(Type type, int a, int b, int c) {
    public enum Type {
        EOF(0), PID(1), STEP(2), READY(3), EXECED(4), ERROR(5), EXIT(6), PROTOCOL_ERROR(7), PAUSED(8), HANDED_OFF(9);

        public final int code;

        Type(int code) { this.code = code; }

        public static Type of(int code) {
            for (Type t : values()) if (t.code == code && t != EOF) return t;
            throw new IllegalArgumentException("unknown report type " + code);
        }
    }

    public static final Report EOF = new Report(Type.EOF, 0, 0, 0);

    public boolean isEof() { return type == Type.EOF; }

    /** PID: host pid of the container process. */
    public int pid() { return expect(Type.PID, a); }

    /** STEP / ERROR / PAUSED: index of the step in the full plan. */
    public int planIndex() {
        if (type != Type.STEP && type != Type.ERROR && type != Type.PAUSED) throw wrongType("planIndex");
        return a;
    }

    /** STEP: duration in microseconds. */
    public int micros() { return expect(Type.STEP, b); }

    /** ERROR: the errno the step failed with. */
    public int errno() { return expect(Type.ERROR, b); }

    /** EXIT: raw wait status. */
    public int waitStatus() { return expect(Type.EXIT, a); }

    /** EXIT: true if the container exited (WIFEXITED), false if a signal killed it. */
    public boolean exited() { return (waitStatus() & 0x7f) == 0; }

    /** EXIT: WEXITSTATUS. */
    public int exitCode() { return (waitStatus() >> 8) & 0xff; }

    /** EXIT: WTERMSIG, 0 if it exited normally. */
    public int termSignal() {
        int sig = waitStatus() & 0x7f;
        return sig == 0x7f ? 0 : sig;
    }

    /** Shell convention: exit code, or 128 + signal. */
    public int shellStatus() { return exited() ? exitCode() : 128 + termSignal(); }

    private int expect(Type t, int v) {
        if (type != t) throw wrongType(t.name());
        return v;
    }

    private IllegalStateException wrongType(String what) {
        return new IllegalStateException(what + " asked of a " + type + " report");
    }

    @Override public String toString() {
        return switch (type) {
            case EOF -> "EOF";
            case PID -> "PID " + a;
            case STEP -> "STEP " + a + " " + b + "us";
            case READY -> "READY";
            case EXECED -> "EXECED";
            case ERROR -> "ERROR step " + a + ": " + Errno.name(b);
            case EXIT -> exited() ? "EXIT code " + exitCode() : "EXIT signal " + termSignal();
            case PROTOCOL_ERROR -> "PROTOCOL_ERROR " + a;
            case PAUSED -> "PAUSED at step " + a;
            case HANDED_OFF -> a == 0 ? "HANDED_OFF" : "HANDED_OFF refused: " + Errno.name(a);
        };
    }
}
