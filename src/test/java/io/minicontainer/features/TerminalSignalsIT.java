package io.minicontainer.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minicontainer.testing.BusyboxRootfs;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Ctrl-C on a terminal reaches the whole foreground process group: the container gets it from the
 * kernel, and must not get it again from the helper or from the JVM's relay. `script` gives the run a
 * real pty, and a 0x03 written to it is the user's Ctrl-C.
 */
class TerminalSignalsIT {
    @Test
    void ctrlCOnATerminalReachesTheContainerOnce() throws Exception {
        String launcher = Path.of(System.getProperty("mc.basedir", ".")).resolve("bin/mini-container").toString();
        // the quick form uses its rootfs in place: give it a copy of its own
        Path copy = BusyboxRootfs.freshCopy(BusyboxRootfs.targetDir().resolve("tty-" + ProcessHandle.current().pid()));
        String rootfs = copy.toString();
        String cmd = launcher + " /bin/sh " + rootfs + " -- -c \"trap 'echo got-INT' INT; echo ready;"
                + " for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15; do sleep 0.1; done; echo done\"";
        Process p = new ProcessBuilder("script", "-qfec", cmd, "/dev/null").redirectErrorStream(true).start();
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        try (InputStream in = p.getInputStream(); OutputStream keys = p.getOutputStream()) {
            boolean sent = false;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            byte[] buf = new byte[4096];
            while (System.nanoTime() < deadline) {
                int n = in.read(buf);
                if (n < 0) break;
                seen.write(buf, 0, n);
                String text = seen.toString(StandardCharsets.UTF_8);
                if (!sent && text.contains("ready")) {
                    Thread.sleep(200);
                    keys.write(3); // Ctrl-C
                    keys.flush();
                    sent = true;
                }
                if (text.contains("done")) break;
            }
            assertTrue(sent, "the container never said ready:\n" + seen);
        } finally {
            if (!p.waitFor(20, TimeUnit.SECONDS)) p.destroyForcibly();
            BusyboxRootfs.deleteTree(copy);
        }
        String text = seen.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("done"), "the trap handled Ctrl-C and the script went on:\n" + text);
        assertEquals(1, text.split("got-INT", -1).length - 1, "one Ctrl-C, one SIGINT:\n" + text);
    }
}
