package io.minicontainer.validate.checks;

import io.minicontainer.cgroup.DeviceRules;
import io.minicontainer.spec.Spec;
import io.minicontainer.validate.core.SemanticCheck;
import java.util.List;

/** linux.resources.devices: each rule must mean to the kernel exactly what it says (see DeviceRules). */
public final class DeviceRulesCheck implements SemanticCheck {
    @Override public String name() { return "device-rules"; }

    @Override
    public void check(Spec spec, Sink sink) {
        if (spec.linux() == null || spec.linux().resources() == null) return;
        List<Spec.DeviceRule> rules = Support.orEmpty(spec.linux().resources().devices());
        for (int i = 0; i < rules.size(); i++) {
            if (rules.get(i) == null) continue;
            try {
                DeviceRules.fromConfig(rules.get(i), "/linux/resources/devices/" + i);
            } catch (DeviceRules.InvalidRule e) {
                sink.error(e.pointer(), "device rule " + e.reason(),
                        "e.g. {\"allow\": false, \"access\": \"rwm\"} (deny all) or {\"allow\": true, \"type\": \"c\", \"major\": 1, \"minor\": 3, \"access\": \"rw\"}");
            }
        }
    }
}
