package io.minicontainer.exec;

import java.util.HashMap;
import java.util.Map;

/** Linux x86-64 errno numbers → symbolic name and strerror-like text, for turning reports into sentences. */
public final class Errno {
    public static final int EPERM = 1, ENOENT = 2, ESRCH = 3, EINTR = 4, EIO = 5, ENXIO = 6, E2BIG = 7,
            ENOEXEC = 8, EBADF = 9, ECHILD = 10, EAGAIN = 11, ENOMEM = 12, EACCES = 13, EFAULT = 14,
            ENOTBLK = 15, EBUSY = 16, EEXIST = 17, EXDEV = 18, ENODEV = 19, ENOTDIR = 20, EISDIR = 21,
            EINVAL = 22, ENFILE = 23, EMFILE = 24, ENOTTY = 25, ETXTBSY = 26, EFBIG = 27, ENOSPC = 28,
            ESPIPE = 29, EROFS = 30, EMLINK = 31, EPIPE = 32, ERANGE = 34, EDEADLK = 35,
            ENAMETOOLONG = 36, ENOSYS = 38, ENOTEMPTY = 39, ELOOP = 40, ENODATA = 61,
            EOVERFLOW = 75, EUSERS = 87, ENOTSOCK = 88, EOPNOTSUPP = 95, EADDRINUSE = 98,
            ETIMEDOUT = 110, ECONNREFUSED = 111, ESTALE = 116, EDQUOT = 122;

    private record Entry(String name, String text) {}

    private static final Map<Integer, Entry> TABLE = new HashMap<>();

    private static void add(int n, String name, String text) { TABLE.put(n, new Entry(name, text)); }

    static {
        add(EPERM, "EPERM", "Operation not permitted");
        add(ETIMEDOUT, "ETIMEDOUT", "Connection timed out");
        add(ENOENT, "ENOENT", "No such file or directory");
        add(ESRCH, "ESRCH", "No such process");
        add(EINTR, "EINTR", "Interrupted system call");
        add(EIO, "EIO", "Input/output error");
        add(ENXIO, "ENXIO", "No such device or address");
        add(E2BIG, "E2BIG", "Argument list too long");
        add(ENOEXEC, "ENOEXEC", "Exec format error");
        add(EBADF, "EBADF", "Bad file descriptor");
        add(ECHILD, "ECHILD", "No child processes");
        add(EAGAIN, "EAGAIN", "Resource temporarily unavailable");
        add(ENOMEM, "ENOMEM", "Cannot allocate memory");
        add(EACCES, "EACCES", "Permission denied");
        add(EFAULT, "EFAULT", "Bad address");
        add(ENOTBLK, "ENOTBLK", "Block device required");
        add(EBUSY, "EBUSY", "Device or resource busy");
        add(EEXIST, "EEXIST", "File exists");
        add(EXDEV, "EXDEV", "Invalid cross-device link");
        add(ENODEV, "ENODEV", "No such device");
        add(ENOTDIR, "ENOTDIR", "Not a directory");
        add(EISDIR, "EISDIR", "Is a directory");
        add(EINVAL, "EINVAL", "Invalid argument");
        add(ENFILE, "ENFILE", "Too many open files in system");
        add(EMFILE, "EMFILE", "Too many open files");
        add(ENOTTY, "ENOTTY", "Inappropriate ioctl for device");
        add(ETXTBSY, "ETXTBSY", "Text file busy");
        add(EFBIG, "EFBIG", "File too large");
        add(ENOSPC, "ENOSPC", "No space left on device");
        add(ESPIPE, "ESPIPE", "Illegal seek");
        add(EROFS, "EROFS", "Read-only file system");
        add(EMLINK, "EMLINK", "Too many links");
        add(EPIPE, "EPIPE", "Broken pipe");
        add(ERANGE, "ERANGE", "Numerical result out of range");
        add(EDEADLK, "EDEADLK", "Resource deadlock avoided");
        add(ENAMETOOLONG, "ENAMETOOLONG", "File name too long");
        add(ENOSYS, "ENOSYS", "Function not implemented");
        add(ENOTEMPTY, "ENOTEMPTY", "Directory not empty");
        add(ELOOP, "ELOOP", "Too many levels of symbolic links");
        add(ENODATA, "ENODATA", "No data available");
        add(EOVERFLOW, "EOVERFLOW", "Value too large for defined data type");
        add(EUSERS, "EUSERS", "Too many users");
        add(ENOTSOCK, "ENOTSOCK", "Socket operation on non-socket");
        add(EOPNOTSUPP, "EOPNOTSUPP", "Operation not supported");
        add(EADDRINUSE, "EADDRINUSE", "Address already in use");
        add(ECONNREFUSED, "ECONNREFUSED", "Connection refused");
        add(ESTALE, "ESTALE", "Stale file handle");
        add(EDQUOT, "EDQUOT", "Disk quota exceeded");
    }

    private Errno() {}

    /** "ENOENT", or "errno 123" for numbers not in the table. */
    /** "Invalid argument" (a Java IOException's message) → "EINVAL (Invalid argument)"; other text unchanged. */
    public static String withName(String text) {
        for (Entry e : TABLE.values()) if (e.text().equals(text)) return e.name() + " (" + text + ")";
        return text;
    }

    public static String name(int errno) {
        Entry e = TABLE.get(errno);
        return e != null ? e.name : "errno " + errno;
    }

    /** "No such file or directory", like strerror(3); "Unknown error 123" otherwise. */
    public static String text(int errno) {
        Entry e = TABLE.get(errno);
        return e != null ? e.text : "Unknown error " + errno;
    }

    /** "ENOENT (No such file or directory)". */
    public static String describe(int errno) {
        Entry e = TABLE.get(errno);
        return e != null ? e.name + " (" + e.text + ")" : "errno " + errno;
    }
}
