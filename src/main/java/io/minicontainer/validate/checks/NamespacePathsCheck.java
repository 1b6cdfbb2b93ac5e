package io.minicontainer.validate.checks;

import io.minicontainer.spec.Spec;
import io.minicontainer.validate.core.SemanticCheck;
import java.util.List;

/** Joining a namespace opens its path from the runtime's view; a relative one would depend on our cwd. */
public final class NamespacePathsCheck implements SemanticCheck {
    @Override public String name() { return "namespace-paths"; }

    @Override
    public void check(Spec spec, Sink sink) {
        if (spec.linux() == null) return;
        List<Spec.Namespace> list = Support.orEmpty(spec.linux().namespaces());
        for (int i = 0; i < list.size(); i++) {
            Spec.Namespace ns = list.get(i);
            if (ns == null || ns.path() == null || ns.path().isEmpty()) continue;
            if (!Support.isAbsolute(ns.path())) {
                sink.error("/linux/namespaces/" + i + "/path", "namespace path \"" + ns.path() + "\" is not absolute",
                        "for example /proc/1234/ns/net or /run/netns/name");
            }
        }
    }
}
