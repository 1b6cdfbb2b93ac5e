package io.minicontainer.validate.checks;

import io.minicontainer.spec.MountFreeConfig;
import io.minicontainer.spec.NamespaceKind;
import io.minicontainer.spec.Spec;
import io.minicontainer.validate.core.SemanticCheck;

/**
 * Without a mount namespace the container shares the runtime's (the host's) mounts. runc still makes the
 * config's mounts and changes "/"'s propagation there; mini-container never changes the host's mounts, so it
 * runs such a container only when nothing needs mounting (it is then chrooted into its rootfs).
 */
public final class MountNamespaceCheck implements SemanticCheck {
    @Override public String name() { return "mount-namespace"; }

    @Override
    public void check(Spec spec, Sink sink) {
        // A config with no namespace list at all is refused by the planner alone (many sketches omit it).
        if (spec.linux() == null || spec.linux().namespaces() == null) return;
        for (Spec.Namespace ns : spec.linux().namespaces()) if (NamespaceKind.MOUNT.is(ns)) return;
        String field = MountFreeConfig.firstMountingField(spec);
        if (field == null) return;
        sink.error(field, "without a mount namespace this would change the host's mounts (the container would share them)",
                "add {\"type\": \"mount\"} to linux.namespaces, or remove this");
    }
}
