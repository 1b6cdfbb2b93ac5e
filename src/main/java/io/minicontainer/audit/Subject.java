package io.minicontainer.audit;

import io.minicontainer.plan.Plan;
import io.minicontainer.spec.LoadedSpec;
import io.minicontainer.spec.Spec;
import java.util.List;

/** What the rules read: the config as loaded (for positions) and the plan made from it. */
public record Subject(LoadedSpec loaded, Plan plan) {
    public Spec spec() { return loaded.spec(); }

    Spec.Process process() { return spec().process(); }

    Spec.Linux linux() { return spec().linux(); }

    List<Spec.Namespace> namespaces() {
        return linux() == null || linux().namespaces() == null ? List.of() : linux().namespaces();
    }

    /** The entry for a namespace type, or null when the container shares the runtime's. */
    Spec.Namespace namespace(String type) {
        for (Spec.Namespace n : namespaces()) if (type.equals(n.type())) return n;
        return null;
    }

    int namespaceIndex(String type) {
        List<Spec.Namespace> all = namespaces();
        for (int i = 0; i < all.size(); i++) if (type.equals(all.get(i).type())) return i;
        return -1;
    }
}
