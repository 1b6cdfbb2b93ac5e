package io.minicontainer.plan;

import io.minicontainer.spec.NamespaceKind;
import io.minicontainer.spec.Spec;
import java.util.ArrayList;
import java.util.List;

/** Steps the helper runs around clone: join namespaces given by path, cgroups, clone, id maps. */
final class NamespaceSteps {
    private NamespaceSteps() {}

    static void beforeClone(Spec spec, PlanRequest request, CgroupSetup cgroups, List<Step> steps) {
        if (request.execFifo() != null) {
            steps.add(new NativeStep.MakeFifo(request.execFifo(), 0600, List.of()));
        }
        // v2 device rules: attached while the helper still has its host capabilities (before any setns).
        if (cgroups.deviceFilter() != null) steps.add(cgroups.deviceFilter());
        // In the table's join order (user first, as youki and runc order it): the others are then joined, and the new
        // ones created, with the rights the container's root has in it. The mount namespace is joined by the child.
        List<Spec.Namespace> namespaces = namespaces(spec);
        for (NamespaceKind kind : NamespaceKind.values()) {
            if (kind.joinedByChild()) continue;
            for (int i = 0; i < namespaces.size(); i++) {
                Spec.Namespace ns = namespaces.get(i);
                if (!joined(ns) || !kind.configName().equals(ns.type())) continue;
                steps.add(new NativeStep.JoinNamespace(ns.type(), (int) kind.cloneFlag(), ns.path(), List.of("/linux/namespaces/" + i + "/path")));
            }
        }
        steps.addAll(cgroups.joinSteps());
    }

    /**
     * First steps of the child, after the host paths it needs (exec fifo, console socket) are open: join a mount
     * namespace given by path (here, not in the helper, whose cgroup and /proc paths must stay the host's), then
     * become root inside a new or joined user namespace, so that every mount is made by the mapped root.
     */
    static void enterInChild(Spec spec, List<Step> steps) {
        List<Spec.Namespace> namespaces = namespaces(spec);
        for (int i = 0; i < namespaces.size(); i++) {
            Spec.Namespace ns = namespaces.get(i);
            if (kind(ns).joinedByChild() && joined(ns)) {
                steps.add(new NativeStep.JoinMountNamespace(ns.path(), List.of("/linux/namespaces/" + i + "/path")));
            }
        }
        for (int i = 0; i < namespaces.size(); i++) {
            if (kind(namespaces.get(i)) == NamespaceKind.USER) {
                steps.add(new NativeStep.BecomeNamespaceRoot(List.of("/linux/namespaces/" + i)));
                break;
            }
        }
    }

    private static boolean joined(Spec.Namespace ns) { return ns.path() != null && !ns.path().isEmpty(); }

    static void clone(Spec spec, PlanRequest request, List<Step> steps) {
        long flags = 0;
        List<String> names = new ArrayList<>();
        List<String> sources = new ArrayList<>();
        List<Spec.Namespace> namespaces = namespaces(spec);
        for (int i = 0; i < namespaces.size(); i++) {
            Spec.Namespace ns = namespaces.get(i);
            if (ns.path() == null || ns.path().isEmpty()) {
                flags |= kind(ns).cloneFlag();
                names.add(kind(ns).cloneFlagName());
                sources.add("/linux/namespaces/" + i);
            }
        }
        if (request.setTid() > 0) sources.add("/annotations/run.mini-container.pid");
        steps.add(new NativeStep.Clone(flags, String.join("|", names), request.setTid(), sources));
    }

    static void afterClone(Spec spec, CgroupSetup cgroups, List<Step> steps) {
        // Leave the container's cgroups so the waiting helper does not count against its pids/memory limits.
        steps.addAll(cgroups.leaveSteps());
        Spec.Linux linux = spec.linux();
        if (linux == null || !createsNamespace(spec, NamespaceKind.USER)) return;
        if (linux.gidMappings() != null && !linux.gidMappings().isEmpty()) {
            steps.add(new NativeStep.WriteChildFile("gid_map", idMap(linux.gidMappings()), List.of("/linux/gidMappings")));
        }
        if (linux.uidMappings() != null && !linux.uidMappings().isEmpty()) {
            steps.add(new NativeStep.WriteChildFile("uid_map", idMap(linux.uidMappings()), List.of("/linux/uidMappings")));
        }
    }

    static boolean createsNamespace(Spec spec, NamespaceKind kind) {
        for (Spec.Namespace ns : namespaces(spec)) if (ns.type().equals(kind.configName()) && !joined(ns)) return true;
        return false;
    }

    static boolean hasNamespace(Spec spec, NamespaceKind kind) {
        for (Spec.Namespace ns : namespaces(spec)) if (ns.type().equals(kind.configName())) return true;
        return false;
    }

    /** Validated configs name only known kinds (NamespaceTypesCheck); anything else reaching here is a bug. */
    private static NamespaceKind kind(Spec.Namespace ns) {
        java.util.Optional<NamespaceKind> kind = NamespaceKind.of(ns.type());
        if (kind.isEmpty()) throw new IllegalStateException("unknown namespace type " + ns.type());
        return kind.get();
    }

    private static String idMap(List<Spec.IdMapping> mappings) {
        StringBuilder b = new StringBuilder();
        for (Spec.IdMapping m : mappings) b.append(m.containerID()).append(' ').append(m.hostID()).append(' ').append(m.size()).append('\n');
        return b.toString();
    }

    private static List<Spec.Namespace> namespaces(Spec spec) {
        return spec.linux() == null || spec.linux().namespaces() == null ? List.of() : spec.linux().namespaces();
    }
}
