package io.minicontainer.audit;

import io.minicontainer.spec.NamespaceKind;
import io.minicontainer.spec.Spec;
import java.util.List;

/** Rules about the namespaces the container shares with the host or with another process. */
final class NamespaceRules {
    private NamespaceRules() {}

    /** The namespaces whose sharing hands the container a host resource (processes, network, IPC, names, mounts). */
    static final List<String> ISOLATING = java.util.Arrays.stream(NamespaceKind.values())
            .filter(NamespaceKind::sharesHostResource).map(NamespaceKind::configName).toList();

    static final Rule HOST_NAMESPACE = new Rule("host-namespace", Severity.HIGH,
            "A host namespace is shared",
            "add {\"type\": \"<namespace>\"} to linux.namespaces (without a path)",
            "Kubernetes Pod Security baseline (hostPID, hostIPC, hostNetwork); CIS Docker 5.9, 5.15, 5.16, 5.20 "
                    + "(do not share the host's network, process, IPC, UTS namespaces); runc spec unshares all five",
            (s, out) -> {
                for (String type : ISOLATING) {
                    Spec.Namespace ns = s.namespace(type);
                    if (ns == null) {
                        out.at("/linux/namespaces", type + " namespace is not unshared: the container uses the host's");
                    } else if (isHosts(ns.path())) {
                        out.at("/linux/namespaces/" + s.namespaceIndex(type) + "/path", type + " namespace joins "
                                + ns.path() + ", which is the host's (or the runtime's own)");
                    }
                }
            });

    static final Rule JOINED_NAMESPACE = new Rule("joined-namespace", Severity.LOW,
            "A namespace of another process is joined",
            "drop the path to get a new namespace, unless the sharing is the point (a pod)",
            "Kubernetes shares a pod's network and IPC namespaces between its containers on purpose; "
                    + "CIS Docker 5.9/5.16 ask to know which namespaces are shared",
            (s, out) -> {
                List<Spec.Namespace> all = s.namespaces();
                for (int i = 0; i < all.size(); i++) {
                    String path = all.get(i).path();
                    if (path != null && !path.isEmpty() && !isHosts(path) && ISOLATING.contains(all.get(i).type())) {
                        out.at("/linux/namespaces/" + i + "/path", all.get(i).type() + " namespace is shared with whatever holds " + path);
                    }
                }
            });

    static boolean isHosts(String path) { return Spec.Namespace.isHostPath(path); }
}
