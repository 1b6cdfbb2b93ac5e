package io.minicontainer.ffi;

/**
 * The few parent-side syscalls the JVM makes itself. Behind an interface so verbs can be unit-tested
 * with a recording fake. {@link #lazy()} sends every signal through our JNI library ({@link NativeSignals}, loaded
 * on the first kill); without it, TERM and KILL go through the JDK ({@link JdkSignals}) and the other signals bind
 * jnr-ffi (~200 ms on first use, {@link LazySyscalls}); never on create's path.
 */
public interface Syscalls {
    /** kill(2); returns 0, or the errno of the failure. */
    int kill(int pid, int signal);

    static Syscalls lazy() { return NativeSignals.INSTANCE; }
}
