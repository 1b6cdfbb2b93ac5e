package io.minicontainer.state;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Files the runtime writes are created, never followed: a name someone planted (a symlink to
 * /etc/shadow, a fifo) makes the write fail or is replaced by rename(2), which never follows.
 * O_CREAT|O_EXCL (CREATE_NEW) plus O_NOFOLLOW (NOFOLLOW_LINKS) for every new file.
 */
public final class SafeFiles {
    /*
     * Set.of, not PosixFilePermissions.fromString: its EnumSet finds the enum's constants by reflection (values()
     * through a method accessor, annotation parsing): ~0.5 ms of every locking verb (docs/STARTUP.md, "verbs").
     */
    public static final Set<PosixFilePermission> OWNER_RW = Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    public static final Set<PosixFilePermission> OWNER_RW_ALL_R = Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
            PosixFilePermission.GROUP_READ, PosixFilePermission.OTHERS_READ);
    public static final Set<PosixFilePermission> OWNER_ONLY_DIR = Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
            PosixFilePermission.OWNER_EXECUTE);

    private SafeFiles() {}

    /**
     * Writes {@code content} to a fresh temporary beside {@code target} (O_EXCL: a stale or planted one there is
     * removed, unlink never follows, and the create tried once more), then renames it over the target.
     */
    public static void writeAtomically(Path target, byte[] content, Set<PosixFilePermission> perms) throws IOException {
        Path abs = target.toAbsolutePath();
        Path tmp = abs.resolveSibling("." + abs.getFileName() + ".tmp");
        try (FileChannel ch = createReplacingStale(tmp, perms)) {
            ByteBuffer buf = ByteBuffer.wrap(content);
            while (buf.hasRemaining()) ch.write(buf);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        rename(tmp, abs);
    }

    /**
     * {@link #createNew}; a name already there is unlinked only then: a deleteIfExists first failed on every write (a
     * JNI exception, translated). With {@link #rename}: `pause`/`resume` -0.3 to -0.6 million instructions of ~55
     * (callgrind; docs/STARTUP.md, "lockverbs").
     */
    private static FileChannel createReplacingStale(Path tmp, Set<PosixFilePermission> perms) throws IOException {
        try {
            return createNew(tmp, perms);
        } catch (FileAlreadyExistsException stale) {
            Files.deleteIfExists(tmp);
            return createNew(tmp, perms);
        }
    }

    /**
     * rename(2), which replaces {@code to} atomically and never follows a link: java.io.File's, and only when it
     * fails Files.move(ATOMIC_MOVE) (the same rename(2)) for the exception that says why. Files.move first links
     * UnixCopyFile and its option parsing in every verb that writes state.
     */
    public static void rename(Path from, Path to) throws IOException {
        if (!from.toFile().renameTo(to.toFile())) Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
    }

    /** O_CREAT|O_EXCL|O_NOFOLLOW|O_WRONLY with exactly {@code perms} (the umask may only remove bits: set again). */
    public static FileChannel createNew(Path file, Set<PosixFilePermission> perms) throws IOException {
        FileChannel ch = FileChannel.open(file, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS), attr(perms));
        try {
            setOwn(file, perms); // ours: just created with O_EXCL
        } catch (IOException e) {
            ch.close();
            throw e;
        }
        return ch;
    }

    /** O_CREAT|O_EXCL|O_NOFOLLOW|O_RDWR with exactly {@code perms} (lock files). */
    public static FileChannel createNewReadWrite(Path file, Set<PosixFilePermission> perms) throws IOException {
        FileChannel ch = FileChannel.open(file, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS), attr(perms));
        try {
            setOwn(file, perms);
        } catch (IOException e) {
            ch.close();
            throw e;
        }
        return ch;
    }

    /**
     * Makes {@code dir} (and missing parents) with mode 0700 whatever the umask; an existing
     * directory is kept as it is (its owner and mode are checked by {@link StateTrust}).
     */
    public static void ensurePrivateDir(Path dir) throws IOException {
        if (Files.isDirectory(dir)) return;
        Path parent = dir.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        try {
            Files.createDirectory(dir, attr(OWNER_ONLY_DIR));
        } catch (FileAlreadyExistsException e) {
            if (Files.isDirectory(dir)) return; // made meanwhile by another verb
            throw e;
        }
        setOwn(dir, OWNER_ONLY_DIR);
    }

    /** mkdir(2) of a new directory (never an existing name, never through a symlink) with exactly {@code perms}. */
    public static void createDir(Path dir, Set<PosixFilePermission> perms) throws IOException {
        Files.createDirectory(dir, attr(perms));
        setOwn(dir, perms);
    }

    private static FileAttribute<Set<PosixFilePermission>> attr(Set<PosixFilePermission> perms) {
        return PosixFilePermissions.asFileAttribute(perms);
    }

    /**
     * chmod of a name this class just created, never through a symlink: had someone swapped the name for a
     * symlink since (a pid file's directory may be writable by others), chmod would reach its target.
     */
    private static void setOwn(Path file, Set<PosixFilePermission> perms) throws IOException {
        Files.getFileAttributeView(file, java.nio.file.attribute.PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                .setPermissions(perms);
    }
}
