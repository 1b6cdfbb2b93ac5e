package io.minicontainer.oci;

import io.minicontainer.cgroup.CgroupLayout;
import io.minicontainer.cgroup.OwnCgroups;
import io.minicontainer.plan.ExecRequest;
import io.minicontainer.plan.HostFacts;
import io.minicontainer.spec.NamespaceKind;
import io.minicontainer.spec.Spec;
import io.minicontainer.state.ContainerState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Where a running container's init is, read from /proc for `exec`: its namespaces and its cgroups. */
public final class ExecTarget {
    private ExecTarget() {}

    public static ExecRequest read(ContainerState state, Spec spec, HostFacts facts, String consoleSocket, int preservedFds)
            throws IOException {
        int pid = state.pid();
        Map<String, String> namespaces = new LinkedHashMap<>();
        List<Spec.Namespace> listed = spec.linux() == null || spec.linux().namespaces() == null ? List.of() : spec.linux().namespaces();
        // Only the types the config lists: the others are the runtime's own (joining our own user ns is EINVAL).
        for (Spec.Namespace ns : listed) {
            NamespaceKind.of(ns.type()).ifPresent(k -> namespaces.put(k.configName(), "/proc/" + pid + "/ns/" + k.procName()));
        }
        Map<String, String> init = OwnCgroups.parse(Files.readString(Path.of("/proc/" + pid + "/cgroup")));
        return new ExecRequest(state.id(), pid, state.pidStartTime(), state.bundle(), namespaces, procsFiles(facts.cgroups(), init), procsFiles(facts.cgroups(), facts.ownCgroups()),
                consoleSocket, preservedFds);
    }

    /** One cgroup.procs per mounted hierarchy (comounted controllers share one), plus the v2 group. */
    static List<String> procsFiles(CgroupLayout layout, Map<String, String> cgroups) {
        Set<String> files = new LinkedHashSet<>();
        for (Map.Entry<String, String> c : cgroups.entrySet()) {
            String mountPoint = c.getKey().isEmpty() ? layout.unified() : layout.v1().get(c.getKey());
            if (mountPoint == null) continue;
            files.add(layout.dirOf(mountPoint, c.getValue()) + "/cgroup.procs");
        }
        return new ArrayList<>(files);
    }
}
