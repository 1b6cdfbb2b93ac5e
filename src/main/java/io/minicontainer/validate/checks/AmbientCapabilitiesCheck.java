package io.minicontainer.validate.checks;

import io.minicontainer.spec.CapabilityNames;
import io.minicontainer.spec.Spec;
import io.minicontainer.validate.core.SemanticCheck;
import java.util.List;

/**
 * The kernel raises an ambient capability only when it is both permitted and inheritable. runc then
 * runs the container without it, and so do we (the plan leaves it out); this says so before the run.
 */
public final class AmbientCapabilitiesCheck implements SemanticCheck {
    @Override public String name() { return "ambient-capabilities"; }

    @Override
    public void check(Spec spec, Sink sink) {
        if (spec.process() == null || spec.process().capabilities() == null) return;
        Spec.Capabilities c = spec.process().capabilities();
        List<String> ambient = Support.orEmpty(c.ambient());
        List<String> inheritable = Support.orEmpty(c.inheritable());
        List<String> permitted = Support.orEmpty(c.permitted());
        for (int i = 0; i < ambient.size(); i++) {
            String cap = ambient.get(i);
            if (cap == null || CapabilityNames.number(cap).isEmpty()) continue; // CapabilitiesCheck reports unknown names
            boolean inh = contains(inheritable, cap), prm = contains(permitted, cap);
            if (inh && prm) continue;
            String missing = !inh && !prm ? "inheritable and permitted" : !inh ? "inheritable" : "permitted";
            sink.warning("/process/capabilities/ambient/" + i, "ambient capability " + cap + " is not " + missing
                    + ": the kernel will not raise it, so the container runs without it (as with runc)",
                    "add it to the " + missing + " set" + (!inh && !prm ? "s" : "") + ", or remove it from ambient");
        }
    }

    private static boolean contains(List<String> set, String cap) {
        int n = CapabilityNames.number(cap).orElseThrow();
        return set.stream().anyMatch(s -> CapabilityNames.number(s).map(x -> x == n).orElse(false));
    }
}
