package io.minicontainer.state;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An exclusive lock per container id ({@code <root>/.<id>.lock}, FileChannel.lock = fcntl), held for
 * a whole verb so that two verbs on one id never interleave. The file is removed by whoever deletes
 * the container: it first writes a byte into it, so a waiter that opened the old file sees a
 * non-empty file once it gets the lock, and retries on a fresh one.
 */
public final class ContainerLock implements AutoCloseable {
    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;

    private ContainerLock(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    public static ContainerLock acquire(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        while (true) {
            FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            try {
                FileLock l = ch.lock();
                if (ch.size() == 0) return new ContainerLock(file, ch, l);
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
            channel.close();
        }
    }
}
