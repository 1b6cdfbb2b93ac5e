package io.minicontainer.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContainerLockTest {
    @TempDir Path dir;

    @Test
    void threadsTakeTurnsAndNeverOverlap() throws Exception {
        Path file = dir.resolve(".c.lock");
        AtomicInteger inside = new AtomicInteger(), maxInside = new AtomicInteger();
        Thread[] threads = new Thread[8];
        for (int i = 0; i < threads.length; i++) {
            threads[i] = new Thread(() -> {
                for (int n = 0; n < 20; n++) {
                    try (ContainerLock l = ContainerLock.acquire(file)) {
                        maxInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
                        Thread.onSpinWait();
                        inside.decrementAndGet();
                    } catch (Exception e) {
                        throw new RuntimeException(e);
                    }
                }
            });
            threads[i].start();
        }
        for (Thread t : threads) t.join();
        assertEquals(1, maxInside.get());
    }

    @Test
    void aWaiterOnARetiredLockFileTakesAFreshOne() throws Exception {
        Path file = dir.resolve(".c.lock");
        CountDownLatch waiting = new CountDownLatch(1);
        ContainerLock first = ContainerLock.acquire(file);
        Thread waiter = new Thread(() -> {
            waiting.countDown();
            try (ContainerLock second = ContainerLock.acquire(file)) {
                assertTrue(Files.exists(file), "the waiter holds a live lock file");
                assertEquals(0, Files.size(file));
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        waiter.start();
        waiting.await();
        first.retire();
        assertFalse(Files.exists(file));
        first.close();
        waiter.join();
    }
}
