package io.minicontainer.validate.checks;

import io.minicontainer.spec.Spec;
import io.minicontainer.validate.core.SemanticCheck;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A process has exactly one namespace of each kind; two entries would contradict each other. */
public final class DuplicateNamespacesCheck implements SemanticCheck {
    @Override public String name() { return "duplicate-namespaces"; }

    @Override
    public void check(Spec spec, Sink sink) {
        if (spec.linux() == null) return;
        List<Spec.Namespace> list = Support.orEmpty(spec.linux().namespaces());
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < list.size(); i++) {
            Spec.Namespace ns = list.get(i);
            if (ns == null || ns.type() == null) continue;
            Integer first = seen.putIfAbsent(ns.type(), i);
            if (first != null) {
                sink.error("/linux/namespaces/" + i, "duplicate namespace type \"" + ns.type()
                        + "\" (first at /linux/namespaces/" + first + ")", null);
            }
        }
    }
}
