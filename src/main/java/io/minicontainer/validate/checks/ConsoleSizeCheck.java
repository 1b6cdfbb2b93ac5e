package io.minicontainer.validate.checks;

import io.minicontainer.spec.Spec;
import io.minicontainer.validate.core.SemanticCheck;

/**
 * consoleSize without a terminal has no pty to size: the runtime-spec says runtimes MUST ignore it then, so it is
 * a warning (the field is not silently unapplied: the spec defines that it is not applied).
 */
public final class ConsoleSizeCheck implements SemanticCheck {
    @Override public String name() { return "console-size"; }

    @Override
    public void check(Spec spec, Sink sink) {
        Spec.Process p = spec.process();
        if (p == null || p.consoleSize() == null || p.isTerminal()) return;
        sink.warning("/process/consoleSize", "consoleSize is ignored: process.terminal is not true, so there is no pty to size",
                "set \"terminal\": true, or remove consoleSize");
    }
}
