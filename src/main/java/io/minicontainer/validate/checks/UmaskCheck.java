package io.minicontainer.validate.checks;

import io.minicontainer.spec.Spec;
import io.minicontainer.validate.core.SemanticCheck;

/** umask only has 9 permission bits; a larger number is almost always octal written as decimal. */
public final class UmaskCheck implements SemanticCheck {
    @Override public String name() { return "umask"; }

    @Override
    public void check(Spec spec, Sink sink) {
        if (spec.process() == null || spec.process().user() == null || spec.process().user().umask() == null) return;
        int v = spec.process().user().umask();
        if (v < 0 || v > 0777) {
            sink.error("/process/user/umask", "umask " + v + " is outside 0..511 (0777 octal)",
                    "JSON numbers are decimal: umask 022 octal is written 18");
        }
    }
}
