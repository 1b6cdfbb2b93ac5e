package io.minicontainer.exec;

import io.minicontainer.plan.NativeStep;

import java.util.Objects;

/** A native step with its index in the full plan; reports from the helper name that index. */
public record IndexedStep(int planIndex, NativeStep step) {
    public IndexedStep {
        if (planIndex < 0) throw new IllegalArgumentException("planIndex < 0: " + planIndex);
        Objects.requireNonNull(step, "step");
    }
}
