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
    private static long lastCpu;

    private Timing() {}

    public static boolean enabled() { return ON; }

    /** Resets the origin: called first thing in main. */
    public static void begin() {
        start = System.nanoTime();
        last = start;
        if (!ON) return;
        lastCpu = threadCpu();
        System.err.println("mc.timing main entered, main thread cpu " + millis(lastCpu, 6) + " ms");
    }

    public static synchronized void mark(String what) {
        if (!ON) return;
        long now = System.nanoTime();
        // not printf: java.util.Formatter's first use loads regex, locale and float-formatting classes
        // (~30 ms cold), which the next mark would wrongly charge to the code it measures
        long cpu = threadCpu();
        System.err.println("mc.timing " + millis(now - start, 8) + " ms  +" + millis(now - last, 6) + "  cpu +" + millis(cpu - lastCpu, 6)
                + "  " + what);
        last = now;
        lastCpu = threadCpu(); // not charged to the next step: the print itself costs CPU
    }

    /**
     * The calling thread's CPU time (ns), from /proc/thread-self/schedstat: wall time between marks moves
     * with the load on the machine, a thread's own CPU time far less. -1 where it cannot be read.
     */
    static long threadCpu() {
        try (java.io.FileInputStream in = new java.io.FileInputStream("/proc/thread-self/schedstat")) {
            byte[] b = in.readNBytes(64);
            long v = 0;
            for (byte c : b) {
                if (c < '0' || c > '9') break;
                v = v * 10 + (c - '0');
            }
            return v;
        } catch (java.io.IOException e) {
            return -1;
        }
    }

    /** Nanoseconds as milliseconds with one decimal, right-aligned in {@code width} (as "%8.1f"). */
    static String millis(long nanos, int width) {
        long tenths = Math.round(nanos / 1e5);
        String s = (tenths / 10) + "." + (tenths % 10);
        return s.length() >= width ? s : " ".repeat(width - s.length()) + s;
    }
}
