package io.minicontainer.spec;

import java.util.List;

/**
 * The config `mini-container spec` writes and the quick form starts from: the usual namespaces,
 * mounts and masked paths, and a minimal capability set, like `runc spec`.
 */
public final class DefaultSpec {
    public static final String OCI_VERSION = "1.2.0";
    public static final List<String> DEFAULT_CAPS = List.of("CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE");
    public static final List<String> MASKED_PATHS = List.of("/proc/acpi", "/proc/asound", "/proc/kcore", "/proc/keys",
            "/proc/latency_stats", "/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug", "/sys/firmware",
            "/proc/scsi");
    public static final List<String> READONLY_PATHS = List.of("/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys",
            "/proc/sysrq-trigger");

    /** As in `runc spec`: no device may be opened but runc's default allow list (the /dev nodes every container gets). */
    public static final Spec.Resources DEVICES_DENY_ALL =
            new Spec.Resources(null, null, null, List.of(new Spec.DeviceRule(false, null, null, null, "rwm")));

    private DefaultSpec() {}

    public static Spec create(List<String> args, String rootPath, boolean readonlyRoot) {
        Spec.Capabilities caps = new Spec.Capabilities(DEFAULT_CAPS, DEFAULT_CAPS, List.of(), DEFAULT_CAPS, List.of());
        Spec.Process process = new Spec.Process(false, null, new Spec.User(0L, 0L, null, null, null), args,
                List.of("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "TERM=xterm"), "/",
                caps, List.of(new Spec.Rlimit("RLIMIT_NOFILE", 1024, 1024)), true, null, null, null);
        List<Spec.Mount> mounts = List.of(
                new Spec.Mount("/proc", "proc", "proc", List.of("nosuid", "noexec", "nodev")),
                new Spec.Mount("/dev", "tmpfs", "tmpfs", List.of("nosuid", "strictatime", "mode=755", "size=65536k")),
                new Spec.Mount("/dev/pts", "devpts", "devpts",
                        List.of("nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5")),
                new Spec.Mount("/dev/shm", "tmpfs", "shm", List.of("nosuid", "noexec", "nodev", "mode=1777", "size=65536k")),
                new Spec.Mount("/dev/mqueue", "mqueue", "mqueue", List.of("nosuid", "noexec", "nodev")),
                new Spec.Mount("/sys", "sysfs", "sysfs", List.of("nosuid", "noexec", "nodev", "ro")));
        List<Spec.Namespace> namespaces = new java.util.ArrayList<>(); // a loop: a lambda costs the quick form's cold start
        for (NamespaceKind k : List.of(NamespaceKind.PID, NamespaceKind.NETWORK, NamespaceKind.IPC, NamespaceKind.UTS,
                NamespaceKind.MOUNT, NamespaceKind.CGROUP)) {
            namespaces.add(new Spec.Namespace(k.configName(), null));
        }
        namespaces = java.util.Collections.unmodifiableList(namespaces);
        Spec.Linux linux = new Spec.Linux(namespaces, null, null, DEVICES_DENY_ALL, null, null, MASKED_PATHS, READONLY_PATHS,
                null, null, null, null);
        return new Spec(OCI_VERSION, new Spec.Root(rootPath, readonlyRoot), process, "mini-container", null, mounts,
                null, null, linux);
    }

}
