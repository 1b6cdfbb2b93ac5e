package io.minicontainer.validate.checks;

import io.minicontainer.spec.Spec;
import io.minicontainer.validate.core.SemanticCheck;

/** memory.kernelTCP: a byte count or -1 (unlimited); anything else the kernel refuses only at run time. */
public final class KernelTcpCheck implements SemanticCheck {
    @Override public String name() { return "memory-kernel-tcp"; }

    @Override
    public void check(Spec spec, Sink sink) {
        if (spec.linux() == null || spec.linux().resources() == null || spec.linux().resources().memory() == null) return;
        Long tcp = spec.linux().resources().memory().kernelTCP();
        if (tcp != null && tcp < -1) {
            sink.error("/linux/resources/memory/kernelTCP", "memory kernelTCP " + tcp + " must be a byte count or -1 (unlimited)", null);
        }
    }
}
