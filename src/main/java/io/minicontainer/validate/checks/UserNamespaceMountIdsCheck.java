package io.minicontainer.validate.checks;

import io.minicontainer.spec.Spec;
import io.minicontainer.validate.core.SemanticCheck;
import java.util.List;

/**
 * In a new user namespace the kernel refuses a mount whose uid=/gid= option (devpts' gid=5, a tmpfs' uid=)
 * names an id the namespace does not map (EINVAL at run time). Said here, with the option's pointer.
 */
public final class UserNamespaceMountIdsCheck implements SemanticCheck {
    @Override public String name() { return "userns-mount-ids"; }

    @Override
    public void check(Spec spec, Sink sink) {
        Spec.Linux linux = spec.linux();
        if (linux == null || spec.mounts() == null) return;
        if (!linux.createsUserNamespace()) return;
        for (int i = 0; i < spec.mounts().size(); i++) {
            Spec.Mount m = spec.mounts().get(i);
            List<String> options = m == null ? List.of() : Support.orEmpty(m.options());
            for (int j = 0; j < options.size(); j++) {
                String o = options.get(j);
                if (o == null) continue;
                if (o.startsWith("uid=")) check(o, "uidMappings", linux.uidMappings(), "/mounts/" + i + "/options/" + j, sink);
                if (o.startsWith("gid=")) check(o, "gidMappings", linux.gidMappings(), "/mounts/" + i + "/options/" + j, sink);
            }
        }
    }

    private static void check(String option, String mapName, List<Spec.IdMapping> mappings, String pointer, Sink sink) {
        long id;
        try {
            id = Long.parseLong(option.substring(4));
        } catch (NumberFormatException e) {
            return; // not an id: the filesystem says what it thinks of it
        }
        if (mappings == null || mappings.isEmpty()) return; // IdMappingsUserNsCheck reports the missing map
        if (Spec.IdMapping.mapped(mappings, id)) return;
        sink.error(pointer, "\"" + option + "\" names an id the user namespace does not map (" + mapName
                + "): the kernel refuses this mount", "extend " + mapName + " to cover " + id + ", or remove the option");
    }
}
