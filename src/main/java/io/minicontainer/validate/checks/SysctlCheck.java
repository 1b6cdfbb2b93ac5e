package io.minicontainer.validate.checks;

import io.minicontainer.spec.JsonPointers;
import io.minicontainer.spec.NamespaceKind;
import io.minicontainer.spec.Spec;
import io.minicontainer.validate.core.SemanticCheck;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A sysctl is written through /proc/sys by the container's first process, so it lands in whatever
 * namespace that process is in: only keys the kernel scopes to a namespace the container owns are
 * accepted (as runc: IPC keys need an ipc namespace, net.* a network namespace, the uts names a uts
 * namespace). Anything else, such as vm.swappiness, would change the host, and is refused.
 * Namespaces joined by path are checked against the runtime's own in {@code NamespacePreflight}.
 */
public final class SysctlCheck implements SemanticCheck {
    static final Set<String> IPC_KEYS = Set.of("kernel.msgmax", "kernel.msgmnb", "kernel.msgmni", "kernel.sem",
            "kernel.shmall", "kernel.shmmax", "kernel.shmmni", "kernel.shm_rmid_forced");
    /** Dot-separated words: no "/" (another path), no ".." or empty part (climbing out of /proc/sys). */
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*");

    @Override public String name() { return "sysctl"; }

    /** The namespace kind a key needs, or empty when the key is not namespaced at all. */
    public static Optional<NamespaceKind> namespaceFor(String key) {
        if (IPC_KEYS.contains(key) || key.startsWith("fs.mqueue.")) return Optional.of(NamespaceKind.IPC);
        if (key.startsWith("net.")) return Optional.of(NamespaceKind.NETWORK);
        if (key.equals("kernel.hostname") || key.equals("kernel.domainname")) return Optional.of(NamespaceKind.UTS);
        return Optional.empty();
    }

    @Override
    public void check(Spec spec, Sink sink) {
        if (spec.linux() == null || spec.linux().sysctl() == null) return;
        for (Map.Entry<String, String> e : spec.linux().sysctl().entrySet()) {
            String key = e.getKey();
            String at = JsonPointers.append("/linux/sysctl", key);
            if (key.indexOf('\0') >= 0) continue; // reported by the strings check
            if (!KEY.matcher(key).matches()) {
                sink.error(at, "sysctl name \"" + key + "\" is not dot-separated words (like net.ipv4.ip_forward)", null);
                continue;
            }
            Optional<NamespaceKind> ns = namespaceFor(key);
            if (ns.isEmpty()) {
                sink.error(at, "sysctl \"" + key + "\" is not namespaced: writing it would change the host",
                        "only ipc (kernel.msg*, kernel.sem, kernel.shm*, fs.mqueue.*), net.* and uts sysctls can be set per container");
            } else if (!Support.hasNamespace(spec, ns.get().configName())) {
                sink.error(at, "sysctl \"" + key + "\" needs a " + ns.get().configName() + " namespace, or it would change the host's",
                        "add {\"type\": \"" + ns.get().configName() + "\"} to linux.namespaces");
            } else if (key.equals("kernel.hostname") && spec.hostname() != null) {
                sink.error(at, "sysctl kernel.hostname conflicts with \"hostname\"", "set only \"hostname\"");
            } else if (key.equals("kernel.domainname") && spec.domainname() != null) {
                sink.error(at, "sysctl kernel.domainname conflicts with \"domainname\"", "set only \"domainname\"");
            } else if (ns.get() == NamespaceKind.UTS && e.getValue() != null
                    && e.getValue().getBytes(java.nio.charset.StandardCharsets.UTF_8).length > HostnameLengthCheck.HOST_NAME_MAX) {
                sink.error(at, "sysctl " + key + " is longer than the kernel's " + HostnameLengthCheck.HOST_NAME_MAX + " bytes", null);
            }
        }
    }
}
