package io.minicontainer.validate.core;

import io.minicontainer.spec.LoadedSpec;
import io.minicontainer.spec.Spec;

/**
 * A check that needs the JSON tree rather than the bound model: generic rules over every value
 * (NUL bytes) and fields the model does not bind (refused runtime-spec fields).
 */
public interface TreeCheck extends SemanticCheck {
    void check(LoadedSpec loaded, Sink sink);

    /** Tree checks never look at the model alone. */
    @Override default void check(Spec spec, Sink sink) {}
}
