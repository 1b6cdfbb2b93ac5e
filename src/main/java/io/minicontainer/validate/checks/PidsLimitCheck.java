package io.minicontainer.validate.checks;

import io.minicontainer.spec.Spec;
import io.minicontainer.validate.core.SemanticCheck;

/** pids.max of 0 would forbid even the container's first process. */
public final class PidsLimitCheck implements SemanticCheck {
    @Override public String name() { return "pids"; }

    /** PID_MAX_LIMIT on 64-bit kernels (4 Mi): pids.max accepts at most this. */
    static final long PID_MAX_LIMIT = 4L * 1024 * 1024;

    @Override
    public void check(Spec spec, Sink sink) {
        if (spec.linux() == null || spec.linux().resources() == null || spec.linux().resources().pids() == null) return;
        long limit = spec.linux().resources().pids().limit();
        if (limit <= 0 && limit != -1) {
            sink.error("/linux/resources/pids/limit", "pids limit " + limit + " must be positive or -1 (unlimited)", null);
        } else if (limit > PID_MAX_LIMIT) {
            // the kernel refuses pids.max above PID_MAX_LIMIT with EINVAL, after the cgroup was made
            sink.error("/linux/resources/pids/limit", "pids limit " + limit + " is above the kernel's maximum of " + PID_MAX_LIMIT,
                    "use -1 for unlimited");
        }
    }
}
