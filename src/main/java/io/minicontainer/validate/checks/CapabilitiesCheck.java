package io.minicontainer.validate.checks;

import io.minicontainer.spec.CapabilityNames;
import io.minicontainer.spec.Spec;
import io.minicontainer.validate.core.DidYouMean;
import io.minicontainer.validate.core.SemanticCheck;
import java.util.List;

/** Every name in the five capability sets must be a capability this runtime can turn into a bit. */
public final class CapabilitiesCheck implements SemanticCheck {
    @Override public String name() { return "capabilities"; }

    @Override
    public void check(Spec spec, Sink sink) {
        if (spec.process() == null || spec.process().capabilities() == null) return;
        Spec.Capabilities c = spec.process().capabilities();
        checkSet("bounding", c.bounding(), sink);
        checkSet("effective", c.effective(), sink);
        checkSet("inheritable", c.inheritable(), sink);
        checkSet("permitted", c.permitted(), sink);
        checkSet("ambient", c.ambient(), sink);
    }

    private static void checkSet(String set, List<String> names, Sink sink) {
        List<String> list = Support.orEmpty(names);
        for (int i = 0; i < list.size(); i++) {
            String n = list.get(i);
            if (n == null || CapabilityNames.number(n).isPresent()) continue;
            String hint = DidYouMean.closest(n, CapabilityNames.all())
                    .or(() -> DidYouMean.closest("CAP_" + n, CapabilityNames.all()))
                    .map(s -> "did you mean " + s + "?").orElse(null);
            sink.error("/process/capabilities/" + set + "/" + i, "unknown capability \"" + n + "\"", hint);
        }
    }
}
