package io.minicontainer.spec;


/** Which config fields make mounts: a container without its own mount namespace would make them on the host. */
public final class MountFreeConfig {
    private MountFreeConfig() {}

    /** The pointer of the first field that needs a mount, or null when the config needs none. */
    public static String firstMountingField(Spec spec) {
        if (spec.mounts() != null && !spec.mounts().isEmpty()) return "/mounts/0";
        if (spec.root() != null && spec.root().isReadonly()) return "/root/readonly";
        Spec.Linux linux = spec.linux();
        if (linux == null) return null;
        if (linux.rootfsPropagation() != null && !linux.rootfsPropagation().isEmpty()) return "/linux/rootfsPropagation";
        if (linux.maskedPaths() != null && !linux.maskedPaths().isEmpty()) return "/linux/maskedPaths/0";
        if (linux.readonlyPaths() != null && !linux.readonlyPaths().isEmpty()) return "/linux/readonlyPaths/0";
        if (linux.devices() != null && !linux.devices().isEmpty()) return "/linux/devices/0";
        return null;
    }
}
