package io.minicontainer.spec;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The one table of Linux namespace kinds: every check, the planner, {@code features}, audit and diff read
 * their names, flags and order from here (they were written out in each before).
 *
 * <p>Declaration order is the join order, as runc's and youki's: the user namespace first, so that the others
 * are joined with the rights the container's root has in it; the mount namespace is joined by the child
 * (the helper keeps the host's /proc and cgroup paths), see {@link #joinedByChild()}.
 */
public enum NamespaceKind {
    USER("user", "user", 0x10000000L, "CLONE_NEWUSER", false),
    PID("pid", "pid", 0x20000000L, "CLONE_NEWPID", true),
    NETWORK("network", "net", 0x40000000L, "CLONE_NEWNET", true),
    IPC("ipc", "ipc", 0x08000000L, "CLONE_NEWIPC", true),
    UTS("uts", "uts", 0x04000000L, "CLONE_NEWUTS", true),
    MOUNT("mount", "mnt", 0x00020000L, "CLONE_NEWNS", true),
    CGROUP("cgroup", "cgroup", 0x02000000L, "CLONE_NEWCGROUP", false),
    TIME("time", "time", 0x00000080L, "CLONE_NEWTIME", false);

    private final String configName;
    private final String procName;
    private final long cloneFlag;
    private final String cloneFlagName;
    private final boolean sharesHostResource;

    NamespaceKind(String configName, String procName, long cloneFlag, String cloneFlagName, boolean sharesHostResource) {
        this.configName = configName;
        this.procName = procName;
        this.cloneFlag = cloneFlag;
        this.cloneFlagName = cloneFlagName;
        this.sharesHostResource = sharesHostResource;
    }

    /** The runtime-spec's name, as in {@code linux.namespaces[].type}. */
    public String configName() { return configName; }

    /** The kernel's name, as in {@code /proc/PID/ns/NAME} and in the "NAME:[inode]" link there. */
    public String procName() { return procName; }

    /**
     * The CLONE_NEW* flag (linux/sched.h), given to clone3 and setns; it is also what the NS_GET_NSTYPE
     * ioctl returns for a namespace file of this kind, which the helper checks before setns.
     */
    public long cloneFlag() { return cloneFlag; }

    /** The flag's C name, for plan output. */
    public String cloneFlagName() { return cloneFlagName; }

    /** Joined by the container's child (after the helper's host-side steps), not by the helper itself. */
    public boolean joinedByChild() { return this == MOUNT; }

    /**
     * Sharing it hands the container a host resource: processes, network, IPC objects, the host's names, its mounts.
     * Audit's host-namespace rule is about these (Kubernetes hostPID/hostNetwork/hostIPC, CIS Docker 5.9-5.20).
     */
    public boolean sharesHostResource() { return sharesHostResource; }

    /** This config entry is of this kind (a null entry or type is of none). */
    public boolean is(Spec.Namespace ns) { return ns != null && configName.equals(ns.type()); }

    /** The kind with this runtime-spec name; empty for anything else (including the kernel's "net" and "mnt"). */
    public static Optional<NamespaceKind> of(String configName) {
        for (NamespaceKind k : values()) if (k.configName.equals(configName)) return Optional.of(k);
        return Optional.empty();
    }

    /** The kind with this /proc/PID/ns name, such as "mnt". */
    public static Optional<NamespaceKind> ofProcName(String procName) {
        for (NamespaceKind k : values()) if (k.procName.equals(procName)) return Optional.of(k);
        return Optional.empty();
    }

    /** Every runtime-spec name, in join order. */
    public static List<String> configNames() {
        List<String> names = new ArrayList<>();
        for (NamespaceKind k : values()) names.add(k.configName);
        return List.copyOf(names);
    }
}
