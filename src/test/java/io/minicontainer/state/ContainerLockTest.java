package io.minicontainer.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minicontainer.diag.RuntimeFailure;
import io.minicontainer.diag.UserError;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;

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

    @Test
    void aNonEmptyLockFileIsNotMistakenForARetiredOne() throws Exception {
        Path file = dir.resolve(".c.lock");
        Files.writeString(file, "left by a killed verb");
        // Before: every verb spun forever on a non-empty file (a torn lock was detected by its content).
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> ContainerLock.acquire(file).close());
    }

    @Test
    void aLockHeldByAnotherProcessFailsAfterABoundedWaitNamingItsPid() throws Exception {
        Path file = dir.resolve(".c.lock");
        Files.writeString(file, "");
        Process holder = new ProcessBuilder("perl", "-MFcntl", "-e",
                "open(my $f, '+<', $ARGV[0]) or die; my $l = pack('s s x4 q q i x4', F_WRLCK, 0, 0, 0, 0);"
                        + " fcntl($f, F_SETLKW, $l) or die;"
                        + " $| = 1; print \"locked\\n\"; sleep 30", file.toString()).start();
        try {
            assertEquals("locked", new java.io.BufferedReader(new java.io.InputStreamReader(holder.getInputStream())).readLine());
            long t0 = System.nanoTime();
            RuntimeFailure e = assertThrows(RuntimeFailure.class, () -> ContainerLock.acquire(file, Duration.ofMillis(300)));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(ms >= 300 && ms < 3000, "waited " + ms + " ms");
            assertTrue(e.getMessage().contains("locked by pid " + holder.pid()), e.getMessage());
        } finally {
            holder.destroyForcibly();
            holder.waitFor();
        }
        try (ContainerLock l = ContainerLock.acquire(file, Duration.ofSeconds(5))) {
            assertEquals(Long.toString(ProcessHandle.current().pid()), Files.readString(file), "the holder writes its pid");
        }
    }

    @Test
    void aSymlinkedLockFileIsRefusedAndItsTargetUntouched() throws Exception {
        Path victim = Files.writeString(dir.resolve("victim"), "precious");
        Path file = dir.resolve(".c.lock");
        Files.createSymbolicLink(file, victim);
        UserError e = assertThrows(UserError.class, () -> ContainerLock.acquire(file, Duration.ofSeconds(1)));
        assertTrue(e.getMessage().contains("symlink") || e.getMessage().contains("not a regular file"), e.getMessage());
        assertEquals("precious", Files.readString(victim));
    }

    @Test
    void aNewLockFileIsPrivateWhateverTheUmask() throws Exception {
        Path file = dir.resolve(".c.lock");
        try (ContainerLock l = ContainerLock.acquire(file)) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        }
    }
}
