package io.minicontainer.timing;

/**
 * Start-up checkpoints for finding where a cold {@code run} spends its time: with
 * {@code -Dmc.timing=true} each {@link #mark} prints the milliseconds since {@code main} was entered
 * (and since the previous mark) to stderr. Off by default and then costs one boolean test.
 */
public final class Timing {
    private static final boolean ON = Boolean.getBoolean("mc.timing");
    private static long start = System.nanoTime();
    private static long last = start;

    private Timing() {}

    public static boolean enabled() { return ON; }

    /** Resets the origin: called first thing in main. */
    public static void begin() {
        start = System.nanoTime();
        last = start;
    }

    public static synchronized void mark(String what) {
        if (!ON) return;
        long now = System.nanoTime();
        System.err.printf("mc.timing %8.1f ms  +%6.1f  %s%n", (now - start) / 1e6, (now - last) / 1e6, what);
        last = now;
    }
}
