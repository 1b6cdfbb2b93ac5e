package io.minicontainer.validate.checks;

import io.minicontainer.spec.Spec;
import io.minicontainer.validate.core.SemanticCheck;
import java.util.List;

/**
 * What the kernel would refuse when writing uid_map/gid_map (EINVAL, after clone: exit 71), said
 * before anything is created: an empty range, a range past 2^32-1, more than 340 lines, overlapping
 * ranges; and what the runtime itself needs: container root mapped (the mounts are made as root
 * inside the namespace, as runc requires) and the process's own ids mapped (setresuid would fail).
 */
public final class IdMappingRangesCheck implements SemanticCheck {
    /** The kernel's limit on lines in uid_map/gid_map (UID_GID_MAP_MAX_EXTENTS). */
    static final int MAX_EXTENTS = 340;
    private static final long MAX_ID = 0xFFFFFFFFL;

    @Override public String name() { return "id-mapping-ranges"; }

    @Override
    public void check(Spec spec, Sink sink) {
        Spec.Linux linux = spec.linux();
        if (linux == null || !linux.createsUserNamespace()) return;
        Spec.User user = spec.process() == null ? null : spec.process().user();
        boolean uidOk = ranges("/linux/uidMappings", linux.uidMappings(), "uid", sink);
        boolean gidOk = ranges("/linux/gidMappings", linux.gidMappings(), "gid", sink);
        if (uidOk) {
            requireMapped("/linux/uidMappings", linux.uidMappings(), 0L, "/linux/uidMappings", "container root (uid 0)", sink);
            if (user != null && user.uid() != null) requireMapped("/linux/uidMappings", linux.uidMappings(), user.uid(), "/process/user/uid", "uid " + user.uid(), sink);
        }
        if (gidOk) {
            requireMapped("/linux/gidMappings", linux.gidMappings(), 0L, "/linux/gidMappings", "container root (gid 0)", sink);
            if (user != null && user.gid() != null) requireMapped("/linux/gidMappings", linux.gidMappings(), user.gid(), "/process/user/gid", "gid " + user.gid(), sink);
            List<Long> extra = user == null ? List.of() : Support.orEmpty(user.additionalGids());
            for (int i = 0; i < extra.size(); i++) {
                if (extra.get(i) != null) requireMapped("/linux/gidMappings", linux.gidMappings(), extra.get(i), "/process/user/additionalGids/" + i, "gid " + extra.get(i), sink);
            }
        }
    }

    /** True when the list is usable for the "is it mapped" questions (non-empty, no range errors). */
    private static boolean ranges(String at, List<Spec.IdMapping> maps, String kind, Sink sink) {
        if (maps == null || maps.isEmpty()) return false; // IdMappingsUserNsCheck says it is missing
        if (maps.size() > MAX_EXTENTS) {
            sink.error(at, maps.size() + " " + kind + " mappings; the kernel accepts at most " + MAX_EXTENTS, "merge adjacent ranges");
            return false;
        }
        boolean ok = true;
        for (int i = 0; i < maps.size(); i++) {
            Spec.IdMapping m = maps.get(i);
            if (m == null) continue;
            String here = at + "/" + i;
            if (m.size() <= 0) {
                sink.error(here + "/size", kind + " mapping size " + m.size() + " maps nothing", "use a size of at least 1");
                ok = false;
            } else if (m.containerID() + m.size() > MAX_ID || m.hostID() + m.size() > MAX_ID) {
                sink.error(here, kind + " mapping " + m.containerID() + " -> " + m.hostID() + " (size " + m.size()
                        + ") runs past id 4294967294, the last the kernel can map", "make the range smaller");
                ok = false;
            } else {
                for (int j = 0; j < i; j++) {
                    Spec.IdMapping o = maps.get(j);
                    if (o == null || o.size() <= 0) continue;
                    String which = overlaps(m.containerID(), m.size(), o.containerID(), o.size()) ? "container"
                            : overlaps(m.hostID(), m.size(), o.hostID(), o.size()) ? "host" : null;
                    if (which != null) {
                        sink.error(here, kind + " mapping overlaps " + at + "/" + j + " in its " + which + " ids; the kernel refuses overlapping ranges", null);
                        ok = false;
                        break;
                    }
                }
            }
        }
        return ok;
    }

    private static boolean overlaps(long a, long aSize, long b, long bSize) { return a < b + bSize && b < a + aSize; }

    private static void requireMapped(String mapsAt, List<Spec.IdMapping> maps, long id, String at, String what, Sink sink) {
        if (Spec.IdMapping.mapped(maps, id)) return;
        sink.error(at, what + " is not mapped by " + mapsAt.substring(mapsAt.lastIndexOf('/') + 1)
                + " of the new user namespace", "add a mapping whose containerID range covers " + id);
    }
}
