package io.minicontainer.validate.checks;

import io.minicontainer.spec.RlimitNames;
import io.minicontainer.spec.Spec;
import io.minicontainer.validate.core.DidYouMean;
import io.minicontainer.validate.core.SemanticCheck;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** setrlimit fails with EINVAL for soft > hard; a duplicate would silently override the first. */
public final class RlimitsCheck implements SemanticCheck {
    @Override public String name() { return "rlimits"; }

    @Override
    public void check(Spec spec, Sink sink) {
        if (spec.process() == null) return;
        List<Spec.Rlimit> rlimits = Support.orEmpty(spec.process().rlimits());
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < rlimits.size(); i++) {
            Spec.Rlimit r = rlimits.get(i);
            if (r == null || r.type() == null) continue;
            String at = "/process/rlimits/" + i;
            if (RlimitNames.number(r.type()).isEmpty()) {
                sink.error(at + "/type", "unknown rlimit type \"" + r.type() + "\"", suggestion(r.type()));
                continue;
            }
            Integer first = seen.putIfAbsent(r.type(), i);
            if (first != null) {
                sink.error(at + "/type", "duplicate rlimit " + r.type() + " (first at /process/rlimits/" + first + ")", null);
            }
            // uint64 on the wire: RLIM_INFINITY is all ones, which is -1 as a signed long
            if (Long.compareUnsigned(r.soft(), r.hard()) > 0) {
                sink.error(at + "/soft", r.type() + " soft limit " + Long.toUnsignedString(r.soft())
                        + " exceeds its hard limit " + Long.toUnsignedString(r.hard()), null);
            }
        }
    }

    private static String suggestion(String type) {
        String upper = type.toUpperCase(Locale.ROOT);
        String prefixed = upper.startsWith("RLIMIT_") ? upper : "RLIMIT_" + upper;
        if (RlimitNames.number(prefixed).isPresent()) return "did you mean " + prefixed + "?";
        return DidYouMean.closest(prefixed, RlimitNames.all()).map(s -> "did you mean " + s + "?").orElse(null);
    }
}
