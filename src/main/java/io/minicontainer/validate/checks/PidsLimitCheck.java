package io.minicontainer.validate.checks;

import io.minicontainer.spec.Spec;
import io.minicontainer.validate.SemanticCheck;

/** pids.max of 0 would forbid even the container's first process. */
public final class PidsLimitCheck implements SemanticCheck {
    @Override public String name() { return "pids"; }

    @Override
    public void check(Spec spec, Sink sink) {
        if (spec.linux() == null || spec.linux().resources() == null || spec.linux().resources().pids() == null) return;
        long limit = spec.linux().resources().pids().limit();
        if (limit <= 0 && limit != -1) {
            sink.error("/linux/resources/pids/limit", "pids limit " + limit + " must be positive or -1 (unlimited)", null);
        }
    }
}
