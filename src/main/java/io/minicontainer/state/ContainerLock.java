package io.minicontainer.state;

import io.minicontainer.diag.RuntimeFailure;
import io.minicontainer.diag.UserError;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An exclusive lock per container id ({@code <root>/.<id>.lock}, FileChannel.lock = fcntl), held for
 * a whole verb so that two verbs on one id never interleave. The file is removed by whoever deletes
 * the container, while holding it: a waiter that opened the old file notices, once it gets the lock,
 * that the name now points at another inode (or none) and starts again on the current file.
 * The wait is bounded: after {@link #defaultWait()} the verb fails with "locked by pid N".
 */
public final class ContainerLock implements AutoCloseable {
    /** File locks belong to the process, not the thread: threads of one JVM (tests, in-process CLI) queue here first. */
    private static final ConcurrentHashMap<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();
    private static final long DEFAULT_WAIT_SECONDS = 30;

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;
    private final ReentrantLock threadLock;

    private ContainerLock(Path file, FileChannel channel, FileLock lock, ReentrantLock threadLock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
        this.threadLock = threadLock;
    }

    /** MINI_CONTAINER_LOCK_WAIT (seconds) overrides the 30 s default. */
    public static Duration defaultWait() {
        String s = System.getenv("MINI_CONTAINER_LOCK_WAIT");
        try {
            return s == null ? Duration.ofSeconds(DEFAULT_WAIT_SECONDS) : Duration.ofMillis((long) (Double.parseDouble(s) * 1000));
        } catch (NumberFormatException e) {
            return Duration.ofSeconds(DEFAULT_WAIT_SECONDS);
        }
    }

    /** With {@link #defaultWait()}, read only if the lock is held by someone else (see {@link Wait}). */
    public static ContainerLock acquire(Path file) throws IOException { return acquire(file, new Wait(System.nanoTime(), null)); }

    public static ContainerLock acquire(Path file, Duration wait) throws IOException {
        return acquire(file, new Wait(System.nanoTime(), java.util.Objects.requireNonNull(wait)));
    }

    private static ContainerLock acquire(Path file, Wait wait) throws IOException {
        ReentrantLock threadLock = threadLock(file.toAbsolutePath());
        try {
            if (!threadLock.tryLock() && !threadLock.tryLock(wait.duration().toNanos(), TimeUnit.NANOSECONDS)) {
                throw locked(file, wait.duration());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RuntimeFailure("interrupted while waiting for " + file);
        }
        try {
            return acquireFileLock(file, threadLock, wait);
        } catch (IOException | RuntimeException | Error e) {
            threadLock.unlock();
            throw e;
        }
    }

    /**
     * How long to wait, worked out only once the lock turns out to be held: the environment (a first getenv parses
     * all of it), Duration (its BigInteger constants) and TimeUnit cost every locking verb ~1 ms, and an
     * uncontended lock needs none of them (docs/STARTUP.md, "verbs"). The deadline counts from the start of
     * {@code acquire}, as before.
     */
    private static final class Wait {
        private final long start;
        private Duration duration;

        Wait(long start, Duration duration) {
            this.start = start;
            this.duration = duration;
        }

        Duration duration() {
            if (duration == null) duration = defaultWait();
            return duration;
        }

        long deadline() { return start + duration().toNanos(); }
    }

    /** computeIfAbsent without its lambda: a short verb's first lambda costs it ~6 ms of CPU (StateStore.require). */
    private static ReentrantLock threadLock(Path file) {
        ReentrantLock existing = IN_PROCESS.get(file);
        if (existing != null) return existing;
        ReentrantLock fresh = new ReentrantLock();
        existing = IN_PROCESS.putIfAbsent(file, fresh);
        return existing != null ? existing : fresh;
    }

    private static ContainerLock acquireFileLock(Path file, ReentrantLock threadLock, Wait wait) throws IOException {
        while (true) {
            Object before = inode(file);
            FileChannel ch;
            try {
                ch = before == null ? create(file) : openExisting(file);
            } catch (FileAlreadyExistsException | NoSuchFileException raced) {
                continue; // created or removed between our look and our open: look again
            }
            if (before == null) before = inode(file);
            try {
                FileLock l = lockUntil(ch, wait);
                if (l == null) throw locked(file, wait.duration());
                // A deleter unlinks the file while holding it: the name must still point at the inode we hold.
                if (before != null && before.equals(inode(file))) {
                    ch.truncate(0);
                    ch.write(ByteBuffer.wrap(Long.toString(OwnPid.get()).getBytes(StandardCharsets.US_ASCII)), 0);
                    return new ContainerLock(file, ch, l, threadLock);
                }
            } catch (IOException | RuntimeException e) {
                ch.close();
                throw e;
            }
            ch.close(); // removed (or replaced) by a delete while we waited
        }
    }

    private static FileChannel create(Path file) throws IOException {
        return SafeFiles.createNewReadWrite(file, SafeFiles.OWNER_RW);
    }

    private static FileChannel openExisting(Path file) throws IOException {
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) throw new NoSuchFileException(file.toString());
            throw new UserError("refusing lock file " + file + ": not a regular file (the runtime never makes anything else there)");
        }
        try {
            return FileChannel.open(file, Set.of(StandardOpenOption.READ, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS));
        } catch (FileSystemException e) {
            if (e instanceof NoSuchFileException) throw e;
            if (Files.isSymbolicLink(file)) throw new UserError("refusing lock file " + file + ": it is a symlink");
            throw e;
        }
    }

    /** tryLock with a short back-off: never a busy spin, never longer than the deadline. */
    private static FileLock lockUntil(FileChannel ch, Wait wait) throws IOException {
        long sleepMs = 2;
        while (true) {
            FileLock l = ch.tryLock();
            if (l != null) return l;
            if (System.nanoTime() > wait.deadline()) return null;
            try {
                Thread.sleep(sleepMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
            sleepMs = Math.min(sleepMs * 2, 50);
        }
    }

    private static Object inode(Path file) throws IOException {
        try {
            return Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    private static RuntimeFailure locked(Path file, Duration wait) {
        String holder = LockHolder.describe(file);
        return new RuntimeFailure(file + " is locked by " + holder + " (waited " + wait.toMillis() / 1000.0
                + " s; another verb on this container is still running)");
    }

    /** Unlinks this lock file; call when the container is gone, before close. Waiters notice by inode. */
    public void retire() throws IOException {
        try {
            Files.delete(file);
        } catch (NoSuchFileException ignored) {
            // already gone
        }
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            try {
                channel.close();
            } finally {
                threadLock.unlock();
            }
        }
    }
}
