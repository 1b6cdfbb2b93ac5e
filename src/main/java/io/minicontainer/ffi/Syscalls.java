package io.minicontainer.ffi;

/**
 * The few parent-side syscalls the JVM makes itself. Behind an interface so verbs can be unit-tested
 * with a recording fake, and so the jnr-ffi binding (~200 ms on first use) happens only when a verb
 * really needs it: {@link #lazy()} sends TERM and KILL through the JDK and binds libc only for the
 * other signals, on their first call; never on create's path. (An own JNI library measured cheaper still,
 * ~7-10 ms of CPU per kill, and was removed: the project's native calls from the JVM go through jnr-ffi;
 * docs/STARTUP.md, "verbs".)
 */
public interface Syscalls {
    /** kill(2); returns 0, or the errno of the failure. */
    int kill(int pid, int signal);

    static Syscalls lazy() { return JdkSignals.INSTANCE; }
}
