package io.minicontainer.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minicontainer.testing.ContainerFixture;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * `run` of a config with process.terminal and no --console-socket gives the container its own pty,
 * relayed to the caller's terminal (as runc run does): `script` is that terminal here. Its size is
 * copied at start and again on SIGWINCH; the caller's terminal is raw meanwhile and restored after.
 */
class TerminalRunIT {
    @Test
    void theContainerGetsAPtyOfTheCallersSizeThatFollowsResizes() throws Exception {
        try (ContainerFixture c = ContainerFixture.create()) {
            c.process().put("terminal", true);
            // the outer shell resizes only once the container has read its first size (a file in a shared
            // dir says so), so a slow start under load cannot see the second size first
            Path shared = c.scratch("shared");
            c.mount("/shared", "bind", shared.toString(), "bind");
            c.shell("echo tty=$(tty); echo size=$(stty size); touch /shared/started; i=0; while [ $i -lt 100 ]; do"
                    + " [ \"$(stty size)\" = \"40 100\" ] && break; sleep 0.1; i=$((i+1)); done; echo resized=$(stty size)");
            c.writeConfig();
            String launcher = Path.of(System.getProperty("mc.basedir", ".")).resolve("bin/mini-container").toString();
            String run = launcher + " --root " + c.stateRoot() + " run --id " + c.id() + " " + c.bundle();
            // the outer terminal: 33x77 at the start, 40x100 a moment later; its settings are compared before and after
            String cmd = "T=$(tty); stty rows 33 cols 77; stty -g > " + c.scratch("tty").resolve("before")
                    + "; (i=0; while [ ! -e " + shared.resolve("started") + " ] && [ $i -lt 300 ]; do sleep 0.1; i=$((i+1)); done;"
                    + " stty -F $T rows 40 cols 100) & " + run + "; echo rc=$?; wait; stty rows 33 cols 77; stty -g > "
                    + c.scratch("tty").resolve("after");
            Process p = new ProcessBuilder("script", "-qfec", cmd, "/dev/null").redirectErrorStream(true).start();
            ByteArrayOutputStream seen = new ByteArrayOutputStream();
            try (InputStream in = p.getInputStream(); OutputStream keep = p.getOutputStream()) { // stdin stays open
                byte[] buf = new byte[4096];
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                for (int n; System.nanoTime() < deadline && (n = in.read(buf)) > 0; ) seen.write(buf, 0, n);
            } finally {
                if (!p.waitFor(20, TimeUnit.SECONDS)) p.destroyForcibly();
            }
            String text = seen.toString(StandardCharsets.UTF_8).replace("\r", "");
            Matcher tty = Pattern.compile("tty=(\\S+)").matcher(text);
            assertTrue(tty.find(), text);
            assertTrue(tty.group(1).matches("/dev/pts/\\d+"), "a pty of its own, not \"not a tty\":\n" + text);
            assertTrue(text.contains("size=33 77"), "the caller's window size:\n" + text);
            assertTrue(text.contains("resized=40 100"), "SIGWINCH carried the new size:\n" + text);
            assertTrue(text.contains("rc=0"), text);
            assertEquals(java.nio.file.Files.readString(c.scratch("tty").resolve("before")),
                    java.nio.file.Files.readString(c.scratch("tty").resolve("after")), "the caller's terminal settings are restored");
            c.assertNothingLeft();
        }
    }
}
