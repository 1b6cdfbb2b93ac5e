package io.minicontainer.validate.checks;

import io.minicontainer.spec.Spec;
import io.minicontainer.validate.core.SemanticCheck;
import java.util.List;

/** The kernel passes env entries through as-is; without "=" programs cannot read them. */
public final class EnvCheck implements SemanticCheck {
    @Override public String name() { return "process-env"; }

    @Override
    public void check(Spec spec, Sink sink) {
        if (spec.process() == null) return;
        List<String> env = Support.orEmpty(spec.process().env());
        for (int i = 0; i < env.size(); i++) {
            String e = env.get(i);
            if (e == null) continue;
            int eq = e.indexOf('=');
            if (eq < 0) {
                sink.error("/process/env/" + i, "env entry \"" + e + "\" is not KEY=VALUE", "write \"" + e + "=\" for an empty value");
            } else if (eq == 0) {
                sink.error("/process/env/" + i, "env entry \"" + e + "\" has an empty name", null);
            }
        }
    }
}
