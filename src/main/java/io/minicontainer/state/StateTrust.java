package io.minicontainer.state;

import io.minicontainer.diag.UserError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;

/**
 * The state root is trusted only when nobody but the runtime's uid can have written it: a record
 * planted by another user would otherwise name hooks we run as root and cgroups we SIGKILL.
 * A state dir or state.json that is a symlink, owned by another uid, or writable by group/others is
 * refused (UserError, exit 65) before anything is read from it.
 */
public final class StateTrust {
    private static final int EUID = readEuid();

    private StateTrust() {}

    /** Thrown for state we must not act on; never caught as "unreadable" by delete --force. */
    public static final class Untrusted extends UserError {
        Untrusted(String message) { super(message); }
    }

    public static int euid() { return EUID; }

    /** The --root directory itself (followed if it is a symlink: the admin may point it elsewhere). */
    public static void requireTrustedRoot(Path root) throws IOException {
        Map<String, Object> a;
        try {
            a = Files.readAttributes(root, "unix:uid,mode,isDirectory");
        } catch (NoSuchFileException e) {
            return; // made 0700 by the first verb that writes
        }
        if (!(Boolean) a.get("isDirectory")) throw new UserError("--root " + root + " is not a directory");
        check(root, "state root", (Integer) a.get("uid"), (Integer) a.get("mode"));
    }

    /** A container's directory or a file in it: never a symlink, owned by us, not writable by others. */
    public static void requireTrusted(Path p, String what) throws IOException {
        // one lstat for the three (before: PosixFileAttributes, then unix:uid,mode: two lstats of the same path, one snapshot
        // now): `state` -0.09 M instructions of 47 M (callgrind; docs/STARTUP.md, "readverbs")
        Map<String, Object> u = Files.readAttributes(p, "unix:isSymbolicLink,uid,mode", LinkOption.NOFOLLOW_LINKS);
        if ((Boolean) u.get("isSymbolicLink")) throw new Untrusted("refusing " + what + " " + p + ": it is a symlink (the runtime never makes one there)");
        check(p, what, (Integer) u.get("uid"), (Integer) u.get("mode"));
    }

    /** A real directory (not a symlink) that only the runtime's uid may write; false on any doubt. */
    public static boolean isTrustedDir(Path p) {
        try {
            if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) return false;
            requireTrusted(p, "dir");
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static void check(Path p, String what, int uid, int mode) {
        if (uid != EUID) {
            throw new Untrusted("refusing " + what + " " + p + ": owned by uid " + uid + ", not by the runtime's uid " + EUID
                    + " (only the runtime may write its state)");
        }
        if ((mode & 0022) != 0) {
            throw new Untrusted("refusing " + what + " " + p + ": writable by group or others (mode " + Integer.toOctalString(mode & 07777)
                    + "; only the runtime may write its state)");
        }
    }

    /** /proc/self belongs to the process's effective uid: no syscall binding needed. */
    private static int readEuid() {
        try {
            return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

}
