package io.minicontainer.validate.checks;

import io.minicontainer.spec.NamespaceKind;
import io.minicontainer.spec.Spec;
import io.minicontainer.validate.core.DidYouMean;
import io.minicontainer.validate.core.SemanticCheck;
import java.util.List;

/** Only the namespace kinds clone(2)/setns(2) know; the spec's names, not the kernel's short ones. */
public final class NamespaceTypesCheck implements SemanticCheck {
    static final List<String> KNOWN = NamespaceKind.configNames();

    @Override public String name() { return "namespace-types"; }

    @Override
    public void check(Spec spec, Sink sink) {
        if (spec.linux() == null) return;
        List<Spec.Namespace> list = Support.orEmpty(spec.linux().namespaces());
        for (int i = 0; i < list.size(); i++) {
            Spec.Namespace ns = list.get(i);
            if (ns == null || ns.type() == null || KNOWN.contains(ns.type())) continue;
            String hint = alias(ns.type());
            if (hint == null) hint = DidYouMean.closest(ns.type(), KNOWN).map(s -> "did you mean \"" + s + "\"?").orElse(null);
            sink.error("/linux/namespaces/" + i + "/type", "unknown namespace type \"" + ns.type() + "\"", hint);
        }
    }

    /** The kernel's /proc/PID/ns names differ from the spec's for two kinds ("net", "mnt"). */
    private static String alias(String type) {
        return NamespaceKind.ofProcName(type).map(k -> "did you mean \"" + k.configName() + "\"?").orElse(null);
    }
}
