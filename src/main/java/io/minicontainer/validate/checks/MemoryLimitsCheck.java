package io.minicontainer.validate.checks;

import io.minicontainer.spec.Spec;
import io.minicontainer.validate.core.SemanticCheck;

/** memory.limit/reservation/swap: positive byte counts or -1 (unlimited), consistent with each other. */
public final class MemoryLimitsCheck implements SemanticCheck {
    /**
     * 4 MiB: the runtime's init, the dynamic loader and a busybox shell already need a few MiB of
     * page cache and anonymous memory; a smaller limit gets the container OOM-killed before (or
     * right after) exec, which looks like a runtime bug rather than a config mistake.
     */
    public static final long MIN_LIMIT = 4L * 1024 * 1024;

    @Override public String name() { return "memory"; }

    @Override
    public void check(Spec spec, Sink sink) {
        Spec.Memory m = memory(spec);
        if (m == null) return;
        Long limit = m.limit();
        if (limit != null && limit != -1) {
            if (limit <= 0) {
                sink.error("/linux/resources/memory/limit", "memory limit " + limit + " must be positive or -1", null);
                limit = null;
            } else if (limit < MIN_LIMIT) {
                sink.error("/linux/resources/memory/limit", "memory limit " + limit + " is below the minimum of "
                        + MIN_LIMIT + " bytes (4 MiB)", "the container would be OOM-killed while starting");
            }
        }
        boolean limited = limit != null && limit > 0;
        Long swap = m.swap();
        if (swap != null && swap != -1) {
            if (swap <= 0) {
                sink.error("/linux/resources/memory/swap", "memory swap " + swap + " must be positive or -1", null);
            } else if (limited && swap < limit) {
                sink.error("/linux/resources/memory/swap", "memory swap " + swap + " is less than the memory limit " + limit,
                        "swap is the memory+swap total: use at least the limit, or -1");
            }
        }
        Long reservation = m.reservation();
        if (reservation != null && reservation != -1) {
            if (reservation < 0) {
                sink.error("/linux/resources/memory/reservation", "memory reservation " + reservation + " must be positive or -1", null);
            } else if (limited && reservation > limit) {
                sink.error("/linux/resources/memory/reservation", "memory reservation " + reservation
                        + " exceeds the memory limit " + limit, null);
            }
        }
    }

    private static Spec.Memory memory(Spec spec) {
        if (spec.linux() == null || spec.linux().resources() == null) return null;
        return spec.linux().resources().memory();
    }
}
