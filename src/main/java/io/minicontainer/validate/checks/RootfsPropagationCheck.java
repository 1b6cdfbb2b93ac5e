package io.minicontainer.validate.checks;

import io.minicontainer.spec.Spec;
import io.minicontainer.validate.core.DidYouMean;
import io.minicontainer.validate.core.SemanticCheck;
import java.util.List;

/** Each value maps to one MS_* propagation flag; anything else has no mount(2) meaning. */
public final class RootfsPropagationCheck implements SemanticCheck {
    static final List<String> KNOWN = List.of("private", "rprivate", "slave", "rslave", "shared", "rshared",
            "unbindable", "runbindable");

    @Override public String name() { return "rootfs-propagation"; }

    @Override
    public void check(Spec spec, Sink sink) {
        if (spec.linux() == null || spec.linux().rootfsPropagation() == null) return;
        String v = spec.linux().rootfsPropagation();
        if (v.isEmpty() || KNOWN.contains(v)) return;
        String hint = DidYouMean.closest(v, KNOWN).map(s -> "did you mean \"" + s + "\"?")
                .orElse("use one of " + String.join(", ", KNOWN));
        sink.error("/linux/rootfsPropagation", "unknown rootfsPropagation \"" + v + "\"", hint);
    }
}
