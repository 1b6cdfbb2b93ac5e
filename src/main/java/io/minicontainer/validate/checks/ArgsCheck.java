package io.minicontainer.validate.checks;

import io.minicontainer.spec.Spec;
import io.minicontainer.validate.core.SemanticCheck;

/** execve needs a program: args[0]. A missing value is reported at its own pointer (located at its parent). */
public final class ArgsCheck implements SemanticCheck {
    @Override public String name() { return "process-args"; }

    @Override
    public void check(Spec spec, Sink sink) {
        Spec.Process p = spec.process();
        if (p == null) return; // a config without process can be created but not started
        if (p.args() == null || p.args().isEmpty()) {
            sink.error("/process/args", "process.args is missing or empty",
                    "give the command to run, for example [\"/bin/sh\"]");
        } else if (p.args().get(0) == null || p.args().get(0).isEmpty()) {
            sink.error("/process/args/0", "the program name args[0] is empty", null);
        }
    }
}
