package io.minicontainer.validate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Path lookups inside a container's rootfs from the host. Symlinks are followed as the container
 * would see them: an absolute link target restarts at the rootfs, and ".." never climbs above it,
 * so nothing on the host outside the rootfs is ever consulted.
 */
public final class RootfsPaths {
    /** What most images and runc's spec use when the config sets no PATH. */
    public static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    private static final int MAX_SYMLINKS = 40; // Linux's MAXSYMLINKS

    private RootfsPaths() {}

    /** {@link #resolveExecutable(Path, String, List, String)} with cwd "/". */
    public static Optional<String> resolveExecutable(Path rootfs, String arg0, List<String> env) {
        return resolveExecutable(rootfs, arg0, env, "/");
    }

    /**
     * The in-container absolute path execve would run for {@code arg0}: as given when it contains a
     * slash (relative to {@code cwd}), else the first executable regular file on the container's PATH.
     * The path is returned unresolved (e.g. /bin/sh, even if it links to busybox) since execve inside
     * the container follows links itself. Empty if nothing executable is found.
     */
    public static Optional<String> resolveExecutable(Path rootfs, String arg0, List<String> env, String cwd) {
        return resolveExecutable(rootfs, Map.of(), arg0, env, cwd);
    }

    /**
     * As above, seeing the config's bind mounts: {@code binds} maps a container directory (e.g. "/usr")
     * to the host directory that will be mounted there, so a program that only exists once the mounts
     * are made (the hostfs bundle binds the host's /usr) is still found.
     */
    public static Optional<String> resolveExecutable(Path rootfs, Map<String, Path> binds, String arg0, List<String> env, String cwd) {
        if (arg0 == null || arg0.isEmpty()) return Optional.empty();
        if (arg0.indexOf('/') >= 0) {
            String candidate = arg0.startsWith("/") ? arg0 : join(cwd == null ? "/" : cwd, arg0);
            return isExecutable(rootfs, binds, candidate) ? Optional.of(candidate) : Optional.empty();
        }
        for (String dir : pathOf(env).split(":")) {
            if (!dir.startsWith("/")) continue; // empty or relative entries would mean the runtime's cwd
            String candidate = join(dir, arg0);
            if (isExecutable(rootfs, binds, candidate)) return Optional.of(candidate);
        }
        return Optional.empty();
    }

    /** The PATH the container process will see (the first PATH= entry, as getenv would find). */
    public static String pathOf(List<String> env) {
        if (env != null) {
            for (String e : env) if (e != null && e.startsWith("PATH=")) return e.substring(5);
        }
        return DEFAULT_PATH;
    }

    /**
     * Host path for {@code containerPath} with every symlink resolved inside {@code rootfs}; the
     * result may not exist. Empty on a symlink loop or an unreadable link.
     */
    public static Optional<Path> resolveInRoot(Path rootfs, String containerPath) {
        return resolveInRoot(rootfs, Map.of(), containerPath);
    }

    static Optional<Path> resolveInRoot(Path rootfs, Map<String, Path> binds, String containerPath) {
        Deque<String> todo = new ArrayDeque<>(split(containerPath));
        List<String> done = new ArrayList<>();
        int links = 0;
        while (!todo.isEmpty()) {
            String part = todo.pollFirst();
            if (part.isEmpty() || part.equals(".")) continue;
            if (part.equals("..")) {
                if (!done.isEmpty()) done.remove(done.size() - 1);
                continue;
            }
            Path candidate = hostPath(rootfs, binds, done).resolve(part);
            if (!Files.isSymbolicLink(candidate)) {
                done.add(part);
                continue;
            }
            if (++links > MAX_SYMLINKS) return Optional.empty();
            String target;
            try {
                target = Files.readSymbolicLink(candidate).toString();
            } catch (IOException e) {
                return Optional.empty();
            }
            if (target.startsWith("/")) done.clear(); // absolute: from the container's root, not the host's
            List<String> parts = split(target);
            for (int i = parts.size() - 1; i >= 0; i--) todo.addFirst(parts.get(i));
        }
        return Optional.of(hostPath(rootfs, binds, done));
    }

    static boolean isExecutable(Path rootfs, String containerPath) { return isExecutable(rootfs, Map.of(), containerPath); }

    static boolean isExecutable(Path rootfs, Map<String, Path> binds, String containerPath) {
        Optional<Path> host = resolveInRoot(rootfs, binds, containerPath);
        if (host.isEmpty() || !Files.isRegularFile(host.get(), LinkOption.NOFOLLOW_LINKS)) return false;
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(host.get(), LinkOption.NOFOLLOW_LINKS);
            // any x bit: root may exec with any of them, and we cannot know the container's uid mapping here
            return perms.contains(PosixFilePermission.OWNER_EXECUTE) || perms.contains(PosixFilePermission.GROUP_EXECUTE)
                    || perms.contains(PosixFilePermission.OTHERS_EXECUTE);
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    /** The host path of a resolved container path: under the deepest bind mount covering it, else under the rootfs. */
    private static Path hostPath(Path rootfs, Map<String, Path> binds, List<String> parts) {
        Path p = rootfs;
        int from = 0;
        StringBuilder prefix = new StringBuilder();
        for (int i = 0; i < parts.size(); i++) {
            prefix.append('/').append(parts.get(i));
            Path bound = binds.get(prefix.toString());
            if (bound != null) {
                p = bound;
                from = i + 1;
            }
        }
        for (int i = from; i < parts.size(); i++) p = p.resolve(parts.get(i));
        return p;
    }

    private static List<String> split(String path) {
        List<String> out = new ArrayList<>();
        for (String s : path.split("/")) if (!s.isEmpty()) out.add(s);
        return out;
    }

    private static String join(String dir, String name) { return dir.endsWith("/") ? dir + name : dir + "/" + name; }
}
