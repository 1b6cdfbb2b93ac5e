package io.minicontainer.audit;

import java.util.List;

/** Every audit rule, in the order findings are listed (docs/AUDIT.md follows it; AuditDocsTest checks). */
public final class Rules {
    public static final List<Rule> ALL = List.of(
            ProcessRules.PRIVILEGED_CAPABILITY, ProcessRules.NO_NEW_PRIVILEGES_OFF, ProcessRules.ROOT_WITHOUT_USERNS,
            NamespaceRules.HOST_NAMESPACE, NamespaceRules.JOINED_NAMESPACE,
            FilesystemRules.ENGINE_SOCKET_MOUNT, FilesystemRules.SENSITIVE_HOST_MOUNT, FilesystemRules.WRITABLE_ROOTFS,
            FilesystemRules.MASKED_PATHS_MISSING, FilesystemRules.READONLY_PATHS_MISSING,
            ResourceRules.NO_MEMORY_LIMIT, ResourceRules.NO_PIDS_LIMIT, ResourceRules.DEVICES_ALLOW_ALL,
            SeccompRules.NO_SECCOMP, SeccompRules.SECCOMP_DEFAULT_ALLOW);

    private Rules() {}

    public static Rule byId(String id) {
        for (Rule r : ALL) if (r.id().equals(id)) return r;
        return null;
    }
}
