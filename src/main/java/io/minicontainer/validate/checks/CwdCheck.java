package io.minicontainer.validate.checks;

import io.minicontainer.spec.Spec;
import io.minicontainer.validate.core.SemanticCheck;

/** A relative cwd would depend on where the runtime happens to be; the spec requires absolute. */
public final class CwdCheck implements SemanticCheck {
    @Override public String name() { return "process-cwd"; }

    @Override
    public void check(Spec spec, Sink sink) {
        if (spec.process() == null || spec.process().cwd() == null) return;
        String cwd = spec.process().cwd();
        if (!Support.isAbsolute(cwd)) {
            sink.error("/process/cwd", "cwd \"" + cwd + "\" is not an absolute path", "start it with /, for example \"/\"");
        }
    }
}
