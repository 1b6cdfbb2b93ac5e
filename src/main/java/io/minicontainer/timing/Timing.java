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
        // not printf: java.util.Formatter's first use loads regex, locale and float-formatting classes
        // (~30 ms cold), which the next mark would wrongly charge to the code it measures
        System.err.println("mc.timing " + millis(now - start, 8) + " ms  +" + millis(now - last, 6) + "  " + what);
        last = now;
    }

    /** Nanoseconds as milliseconds with one decimal, right-aligned in {@code width} (as "%8.1f"). */
    static String millis(long nanos, int width) {
        long tenths = Math.round(nanos / 1e5);
        String s = (tenths / 10) + "." + (tenths % 10);
        return s.length() >= width ? s : " ".repeat(width - s.length()) + s;
    }
}
