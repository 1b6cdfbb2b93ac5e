package io.minicontainer.ffi;

/**
 * The few parent-side syscalls the JVM makes itself. Behind an interface so verbs can be unit-tested
 * with a recording fake, and so the jnr-ffi binding (~200 ms on first use) happens only when a verb
 * really needs it: {@link #lazy()} sends TERM and KILL through the JDK and binds libc only for the
 * other signals, on their first call; never on create's path.
 */
public interface Syscalls {
    /** kill(2); returns 0, or the errno of the failure. */
    int kill(int pid, int signal);

    static Syscalls lazy() { return NativeSignals.INSTANCE; }
}
