package io.minicontainer.validate.checks;

import io.minicontainer.spec.Spec;
import io.minicontainer.validate.core.SemanticCheck;

/** Without a root filesystem there is nothing to pivot into. */
public final class RootPathCheck implements SemanticCheck {
    @Override public String name() { return "root-path"; }

    @Override
    public void check(Spec spec, Sink sink) {
        if (spec.root() == null) {
            sink.error("/root", "missing \"root\"", "add \"root\": {\"path\": \"rootfs\"}");
        } else if (spec.root().path() == null || spec.root().path().isBlank()) {
            sink.error("/root/path", "root.path is missing or empty", "set it to the root filesystem directory, usually \"rootfs\"");
        }
    }
}
