package io.minicontainer.validate.checks;

import io.minicontainer.spec.Spec;
import io.minicontainer.validate.core.SemanticCheck;

/**
 * uid/gid maps can only be written for a new user namespace, and a new user namespace without maps
 * leaves every ID as the overflow "nobody", which makes the container useless.
 */
public final class IdMappingsUserNsCheck implements SemanticCheck {
    @Override public String name() { return "id-mappings-userns"; }

    @Override
    public void check(Spec spec, Sink sink) {
        Spec.Linux linux = spec.linux();
        if (linux == null) return;
        boolean uid = linux.uidMappings() != null && !linux.uidMappings().isEmpty();
        boolean gid = linux.gidMappings() != null && !linux.gidMappings().isEmpty();
        Spec.Namespace userNs = linux.userNamespace();
        if (userNs == null) {
            String hint = "add {\"type\": \"user\"} to linux.namespaces";
            if (uid) sink.error("/linux/uidMappings", "uidMappings need a user namespace", hint);
            if (gid) sink.error("/linux/gidMappings", "gidMappings need a user namespace", hint);
            return;
        }
        boolean joining = !linux.createsUserNamespace();
        if (!joining && !uid) sink.error("/linux/uidMappings", "a new user namespace needs uidMappings", null);
        if (!joining && !gid) sink.error("/linux/gidMappings", "a new user namespace needs gidMappings", null);
        // a joined namespace keeps the maps it has: mappings given here would be accepted and never applied
        String hint = "remove them: the namespace at " + userNs.path() + " already has its maps";
        if (joining && uid) sink.error("/linux/uidMappings", "uidMappings cannot be applied to a user namespace joined by path", hint);
        if (joining && gid) sink.error("/linux/gidMappings", "gidMappings cannot be applied to a user namespace joined by path", hint);
    }
}
