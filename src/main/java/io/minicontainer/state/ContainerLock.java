package io.minicontainer.state;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An exclusive lock per container id ({@code <root>/.<id>.lock}, FileChannel.lock = fcntl), held for
 * a whole verb so that two verbs on one id never interleave. The file is removed by whoever deletes
 * the container: it first writes a byte into it, so a waiter that opened the old file sees a
 * non-empty file once it gets the lock, and retries on a fresh one.
 */
public final class ContainerLock implements AutoCloseable {
    /** File locks belong to the process, not the thread: threads of one JVM (tests, in-process CLI) queue here first. */
    private static final ConcurrentHashMap<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

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

    public static ContainerLock acquire(Path file) throws IOException {
        ReentrantLock threadLock = IN_PROCESS.computeIfAbsent(file.toAbsolutePath(), f -> new ReentrantLock());
        threadLock.lock();
        try {
            return acquireFileLock(file, threadLock);
        } catch (IOException | RuntimeException | Error e) {
            threadLock.unlock();
            throw e;
        }
    }

    private static ContainerLock acquireFileLock(Path file, ReentrantLock threadLock) throws IOException {
        Files.createDirectories(file.getParent());
        while (true) {
            FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            try {
                FileLock l = ch.lock();
                if (ch.size() == 0) return new ContainerLock(file, ch, l, threadLock);
            } catch (IOException | RuntimeException e) {
                ch.close();
                throw e;
            }
            ch.close(); // removed by a delete while we waited
        }
    }

    /** Marks this lock file dead and unlinks it; call when the container is gone, before close. */
    public void retire() throws IOException {
        channel.write(ByteBuffer.wrap(new byte[] {'x'}), 0);
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
