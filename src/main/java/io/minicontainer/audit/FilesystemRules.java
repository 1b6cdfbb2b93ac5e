package io.minicontainer.audit;

import io.minicontainer.spec.DefaultSpec;
import io.minicontainer.spec.Spec;
import java.util.List;

/** Rules about what the container can see and write of the file system. */
final class FilesystemRules {
    private FilesystemRules() {}

    /** Host paths that give the host away when bound in: its root, its kernel interfaces, its devices. */
    static final List<String> SENSITIVE = List.of("/", "/proc", "/sys", "/dev", "/boot", "/lib/modules");

    /** The engines' API sockets (root on the host to whoever can write them), and the dirs holding them. */
    static final List<String> ENGINE_SOCKETS = List.of("/run/docker.sock", "/run/containerd/containerd.sock",
            "/run/podman/podman.sock", "/run/crio/crio.sock", "/run/dockershim.sock", "/run/buildkit/buildkitd.sock");

    static final Rule WRITABLE_ROOTFS = new Rule("writable-rootfs", Severity.LOW,
            "The root file system is writable",
            "set root.readonly to true and mount a tmpfs where the program writes (e.g. /tmp)",
            "CIS Docker 5.12 (mount the container's root filesystem as read only); "
                    + "Kubernetes readOnlyRootFilesystem (recommended by the Pod Security docs, not enforced)",
            (s, out) -> {
                if (s.spec().root() == null || !s.spec().root().isReadonly()) {
                    out.at("/root/readonly", "the program (or an attacker in it) can change its own binaries");
                }
            });

    static final Rule SENSITIVE_HOST_MOUNT = new Rule("sensitive-host-mount", Severity.HIGH,
            "A sensitive host path is bind-mounted",
            "remove the mount, or bind only the one file or directory the program needs",
            "CIS Docker 5.5 (do not mount sensitive host system directories); Kubernetes Pod Security baseline (no hostPath volumes)",
            (s, out) -> eachBind(s, (i, source) -> {
                String hit = sensitive(source);
                if (hit != null) out.at("/mounts/" + i + "/source", "the host's " + hit + " is visible in the container at "
                        + s.spec().mounts().get(i).destination());
            }));

    static final Rule ENGINE_SOCKET_MOUNT = new Rule("engine-socket-mount", Severity.CRITICAL,
            "A container engine's socket is bind-mounted",
            "remove the mount; give the program a narrower API (e.g. a socket proxy that allows read-only calls)",
            "CIS Docker 5.31 (do not mount the Docker socket inside any containers)",
            (s, out) -> eachBind(s, (i, source) -> {
                String socket = exposedSocket(source);
                if (socket != null) out.at("/mounts/" + i + "/source", "bind of " + s.spec().mounts().get(i).source() + " exposes " + socket
                        + ": whoever writes it can start a privileged container on the host");
            }));

    static final Rule MASKED_PATHS_MISSING = new Rule("masked-paths-missing", Severity.MEDIUM,
            "A path the default config masks is not masked",
            "add the missing paths to linux.maskedPaths (mini-container spec writes the full list)",
            "runc spec's maskedPaths (kept by DefaultSpec); Kubernetes Pod Security baseline (procMount Default)",
            (s, out) -> missing(s, DefaultSpec.MASKED_PATHS, s.linux() == null ? null : s.linux().maskedPaths(),
                    "/linux/maskedPaths", "readable in the container (kernel memory, keys or timers of the host)", out));

    static final Rule READONLY_PATHS_MISSING = new Rule("readonly-paths-missing", Severity.LOW,
            "A path the default config makes read-only is writable",
            "add the missing paths to linux.readonlyPaths (mini-container spec writes the full list)",
            "runc spec's readonlyPaths (kept by DefaultSpec); Kubernetes Pod Security baseline (procMount Default)",
            (s, out) -> missing(s, DefaultSpec.READONLY_PATHS, s.linux() == null ? null : s.linux().readonlyPaths(),
                    "/linux/readonlyPaths", "writable in the container (kernel tunables of the host)", out));

    interface BindSource {
        void accept(int index, String normalizedSource);
    }

    private static void eachBind(Subject s, BindSource each) {
        List<Spec.Mount> mounts = s.spec().mounts();
        if (mounts == null) return;
        for (int i = 0; i < mounts.size(); i++) {
            Spec.Mount m = mounts.get(i);
            if (m.isBind() && m.source() != null && m.source().startsWith("/")) each.accept(i, normalize(m.source()));
        }
    }

    /** Lexically normalized, /var/run read as the /run it links to. */
    static String normalize(String source) {
        String p = java.nio.file.Path.of(source).normalize().toString();
        if (p.equals("/var/run") || p.startsWith("/var/run/")) p = p.substring(4);
        return p;
    }

    private static String sensitive(String source) {
        for (String s : SENSITIVE) {
            if (source.equals(s) || (!s.equals("/") && source.startsWith(s + "/"))) return s.equals("/") ? "root directory" : s;
        }
        return null;
    }

    private static String exposedSocket(String source) {
        for (String socket : ENGINE_SOCKETS) {
            if (socket.equals(source) || socket.startsWith(source.equals("/") ? "/" : source + "/")) return socket;
        }
        return null;
    }

    private static void missing(Subject s, List<String> expected, List<String> given, String pointer, String why,
                                Rule.Findings out) {
        List<String> have = given == null ? List.of() : given;
        List<String> absent = expected.stream().filter(p -> !have.contains(p)).toList();
        if (!absent.isEmpty()) out.at(pointer, String.join(", ", absent) + (absent.size() == 1 ? " is " : " are ") + why);
    }
}
