package io.minicontainer.validate;

import io.minicontainer.diag.Diagnostic;
import io.minicontainer.spec.LoadedSpec;
import io.minicontainer.spec.Spec;
import io.minicontainer.diag.Diagnostic.Severity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A rootfs that is, or leads through symlinks to, the host's "/" would have run create mount
 * points and files on the host before pivot_root fails; one that contains the runtime's own state
 * dir would let the container rewrite the records root acts on. Both are refused before anything
 * is created, by `validate` as well as by run/create.
 */
public final class RootfsTarget {
    public static final String CHECK = "rootfs-target";

    private RootfsTarget() {}

    public static List<Diagnostic> check(LoadedSpec loaded, Path bundleDir, Path stateRoot) {
        List<Diagnostic> out = new ArrayList<>();
        Spec spec = loaded.spec();
        if (spec == null || spec.root() == null || spec.root().path() == null || spec.root().path().isBlank()) return out;
        Path given = bundleDir.resolve(spec.root().path());
        Path real;
        try {
            real = given.toRealPath();
        } catch (IOException e) {
            return out; // missing: HostPreflight says so
        }
        Locator at = new Locator(loaded);
        String shown = "root.path \"" + spec.root().path() + "\"" + (real.equals(given.normalize()) ? "" : " (which leads to " + real + ")");
        if (real.getParent() == null) {
            out.add(at.at(Severity.ERROR, CHECK, "/root/path", shown + " is the host's /",
                    "point root.path at an unpacked image; the host's own root cannot be a container's"));
            return out;
        }
        if (isHostSystemDir(real)) {
            // the runtime creates mount points, /dev nodes and files inside the rootfs before pivot_root: here
            // that would be the host's own /etc, /usr, /proc... (runc would write there too; we refuse)
            out.add(at.at(Severity.ERROR, CHECK, "/root/path", shown + " is a system directory of the host, not an image",
                    "point root.path at an unpacked image"));
            return out;
        }
        Path state = existingRealPath(stateRoot);
        if (state != null && state.startsWith(real)) {
            out.add(at.at(Severity.ERROR, CHECK, "/root/path", shown + " contains the runtime's state dir " + state,
                    "the container could rewrite the records root acts on: use another --root or rootfs"));
        }
        return out;
    }

    /** Top-level directories of the host's own system, and anything on its pseudo filesystems. */
    private static final List<String> SYSTEM_DIRS = List.of("/bin", "/boot", "/etc", "/home", "/lib", "/lib32", "/lib64", "/libx32",
            "/opt", "/root", "/run", "/sbin", "/srv", "/tmp", "/usr", "/var", "/mnt", "/media");

    static boolean isHostSystemDir(Path real) {
        String p = real.toString();
        if (SYSTEM_DIRS.contains(p) || p.equals("/usr/local") || p.equals("/var/lib")) return true;
        for (String pseudo : List.of("/proc", "/sys", "/dev")) {
            if (real.startsWith(pseudo) && !real.startsWith("/dev/shm")) return true; // /dev/shm is a plain tmpfs
        }
        return false;
    }

    /** The real path of {@code p}, or of its nearest existing parent (the root may not exist yet). */
    private static Path existingRealPath(Path p) {
        if (p == null) return null;
        Path abs = p.toAbsolutePath().normalize();
        for (Path q = abs; q != null; q = q.getParent()) {
            if (Files.exists(q)) {
                try {
                    return q.toRealPath().resolve(q.relativize(abs));
                } catch (IOException e) {
                    return null;
                }
            }
        }
        return null;
    }
}
