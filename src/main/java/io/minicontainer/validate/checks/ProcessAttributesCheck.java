package io.minicontainer.validate.checks;

import io.minicontainer.spec.KernelNames;
import io.minicontainer.spec.Spec;
import io.minicontainer.validate.core.DidYouMean;
import io.minicontainer.validate.core.SemanticCheck;
import java.util.List;

/** linux.personality (domain LINUX or LINUX32, as runc) and process.ioPriority (a known class, priority 0..7). */
public final class ProcessAttributesCheck implements SemanticCheck {
    @Override public String name() { return "personality-io-priority"; }

    @Override
    public void check(Spec spec, Sink sink) {
        Spec.Personality p = spec.linux() == null ? null : spec.linux().personality();
        if (p != null) {
            // flags are refused by the support table
            if (p.domain() != null && !p.domain().isEmpty() && !KernelNames.PERSONALITY_DOMAINS.containsKey(p.domain())) {
                sink.error("/linux/personality/domain", "personality domain \"" + p.domain() + "\" is not LINUX or LINUX32", null);
            }
        }
        Spec.IoPriority io = spec.process() == null ? null : spec.process().ioPriority();
        if (io == null) return;
        if (io.ioClass() == null || io.ioClass().isEmpty()) {
            if (io.priority() != null) sink.error("/process/ioPriority/class", "ioPriority has a priority but no class", null);
        } else if (!KernelNames.IOPRIO_CLASSES.containsKey(io.ioClass())) {
            sink.error("/process/ioPriority/class", "unknown I/O priority class \"" + io.ioClass() + "\"",
                    DidYouMean.closest(io.ioClass(), List.copyOf(KernelNames.IOPRIO_CLASSES.keySet())).map(s -> "did you mean " + s + "?").orElse(null));
        }
        if (io.priority() != null && (io.priority() < 0 || io.priority() > 7)) {
            sink.error("/process/ioPriority/priority", "I/O priority " + io.priority() + " is outside 0..7", null);
        }
    }
}
