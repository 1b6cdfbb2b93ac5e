package io.minicontainer.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A minimal rootfs made from Debian's busybox-static: {@code bin/busybox}, one symlink per
 * applet in {@code bin/}, and the dirs proc, sys, dev, tmp, etc, root. Built once per JVM and
 * cached under {@code target/test-rootfs/busybox}. Treat {@link #path()} as read-only; use
 * {@link #freshCopy(Path)} for a rootfs a test may change.
 */
public final class BusyboxRootfs {
    private static final Path HOST_BUSYBOX = Path.of("/bin/busybox");
    private static final List<String> DIRS = List.of("proc", "sys", "dev", "tmp", "etc", "root");
    private static Path cached;

    private BusyboxRootfs() {}

    /** {@code target/} of this project (surefire passes {@code mc.basedir}). */
    public static Path targetDir() {
        String base = System.getProperty("mc.basedir");
        return (base != null ? Path.of(base) : Path.of("")).toAbsolutePath().resolve("target");
    }

    /** The shared, cached rootfs. */
    public static synchronized Path path() {
        if (cached != null) return cached;
        Path rootfs = targetDir().resolve("test-rootfs/busybox");
        try {
            if (!Files.exists(rootfs.resolve(".complete"))) build(rootfs);
        } catch (IOException e) {
            throw new UncheckedIOException("building busybox rootfs at " + rootfs, e);
        }
        cached = rootfs;
        return rootfs;
    }

    /** A new rootfs at {@code dest} (must not exist): busybox hard-linked (or copied) plus applet links. */
    public static Path freshCopy(Path dest) {
        try {
            populate(dest, path().resolve("bin/busybox"));
            return dest;
        } catch (IOException e) {
            throw new UncheckedIOException("creating busybox rootfs at " + dest, e);
        }
    }

    private static void build(Path rootfs) throws IOException {
        if (!Files.isExecutable(HOST_BUSYBOX))
            throw new IllegalStateException("/bin/busybox is missing: install it with `apt-get install -y busybox-static`");
        // Build beside the final place, then rename: a half-built rootfs is never reused.
        Path tmp = rootfs.resolveSibling(rootfs.getFileName() + ".tmp-" + ProcessHandle.current().pid());
        deleteTree(tmp);
        populate(tmp, HOST_BUSYBOX);
        Files.writeString(tmp.resolve(".complete"), "");
        deleteTree(rootfs);
        Files.move(tmp, rootfs, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void populate(Path rootfs, Path busybox) throws IOException {
        Path bin = Files.createDirectories(rootfs.resolve("bin"));
        Path target = bin.resolve("busybox");
        try {
            Files.createLink(target, busybox);
        } catch (IOException | UnsupportedOperationException e) {
            Files.copy(busybox, target, StandardCopyOption.COPY_ATTRIBUTES);
        }
        for (String applet : applets(busybox)) {
            if (applet.equals("busybox")) continue;
            try {
                Files.createSymbolicLink(bin.resolve(applet), Path.of("busybox"));
            } catch (FileAlreadyExistsException ignored) {
                // listed twice: harmless
            }
        }
        for (String d : DIRS) Files.createDirectories(rootfs.resolve(d));
        Files.setPosixFilePermissions(rootfs.resolve("tmp"), PosixFilePermissions.fromString("rwxrwxrwx"));
    }

    private static List<String> applets(Path busybox) throws IOException {
        Process p = new ProcessBuilder(busybox.toString(), "--list").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (p.waitFor() != 0) throw new IOException(busybox + " --list failed: " + out);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        List<String> names = new ArrayList<>();
        for (String line : out.split("\n")) {
            String name = line.strip();
            if (!name.isEmpty() && !name.contains("/")) names.add(name);
        }
        return names;
    }

    /** rm -rf without following symlinks. */
    public static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) return;
        try (Stream<Path> walk = Files.walk(p)) {
            for (Path x : walk.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(x);
        }
    }
}
