package io.minicontainer.exec;

import io.minicontainer.plan.Step;

/** Receives each executed step with its duration (run --trace). */
@FunctionalInterface
public interface TraceSink {
    /** A class, not a lambda: every run and create uses it, and a lambda's first link costs a cold start. */
    TraceSink NONE = new TraceSink() {
        @Override public void executed(int planIndex, Step step, long micros) { }
    };

    void executed(int planIndex, Step step, long micros);

    /** {@code trace: step 3 host cgroup-write write 10 to .../pids.max (12 µs)} on the given stream. */
    static TraceSink printingTo(java.io.PrintStream out) {
        return (index, step, micros) -> out.printf("trace: step %d %s %s %s (%d µs)%n", index + 1,
                step.where().name().toLowerCase(java.util.Locale.ROOT), step.kind(), step.describe(), micros);
    }
}
