package io.minicontainer.cli;

import static io.minicontainer.cli.QuickCli.run;
import static io.minicontainer.cli.QuickCli.statusField;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** -p/--pid: the container's init gets that host pid (and is still 1 inside); run ./bundle honours the annotation. */
class QuickPidIT {
    static final int ATTEMPTS = 3;
    static Path work;
    static Path rootfs;

    @BeforeAll
    static void rootfs() throws Exception {
        assertEquals("root", System.getProperty("user.name"), "container tests run as root");
        work = QuickCli.workDir(QuickPidIT.class);
        rootfs = QuickCli.freshRootfs(work, "rootfs");
    }

    @Test
    void theContainersInitGetsTheRequestedHostPid() throws Exception {
        withFreePid(pid -> List.of("/bin/sh", rootfs.toString(), "--pid", Integer.toString(pid)));
    }

    @Test
    void runHonoursTheAnnotationInAPrintedConfig() throws Exception {
        withFreePid(pid -> {
            Path bundle = Files.createDirectories(work.resolve("bundle-" + pid));
            QuickCli.Result printed = run(work, "/bin/sh", rootfs.toString(), "-p", Integer.toString(pid), "--print-config",
                    "--", "-c", waitScript("pid" + pid));
            assertEquals(0, printed.exit(), printed.toString());
            assertTrue(printed.out().contains("\"run.mini-container.pid\" : \"" + pid + "\""), printed.out());
            Files.writeString(bundle.resolve("config.json"), printed.out());
            return List.of("run", bundle.toString());
        });
    }

    @Test
    void aPidInUseIsRefusedBeforeAnythingStarts() throws Exception {
        String self = Long.toString(ProcessHandle.current().pid());
        QuickCli.Result r = run(work, "/bin/sh", rootfs.toString(), "--pid", self);
        assertEquals(ExitCode.INVALID_INPUT, r.exit(), r.toString());
        assertTrue(r.err().contains("/annotations/run.mini-container.pid: pid " + self + " is already in use on the host"), r.toString());
    }

    @Test
    void outOfRangePidsAreRefusedWithAPointerIntoTheConfig() throws Exception {
        int pidMax = pidMax();
        QuickCli.Result above = run(work, "/bin/sh", rootfs.toString(), "--pid", Integer.toString(pidMax));
        assertEquals(ExitCode.INVALID_INPUT, above.exit(), above.toString());
        assertTrue(above.err().contains("is not below this host's pid_max (" + pidMax + ")"), above.toString());
        QuickCli.Result zero = run(work, "/bin/sh", rootfs.toString(), "--pid", "0");
        assertEquals(ExitCode.INVALID_INPUT, zero.exit(), zero.toString());
        QuickCli.Result printed = run(work, "/bin/sh", rootfs.toString(), "--pid", "0", "--print-config");
        int line = lineOf(printed.out(), "run.mini-container.pid");
        assertTrue(zero.err().startsWith("mini-container: quick-config.json:" + line + ":"), zero + "\nexpected line " + line);
        assertTrue(zero.err().contains("pid \"0\" must be a decimal integer from 1 to 4194304"), zero.toString());
    }

    interface Command {
        List<String> args(int pid) throws Exception;
    }

    /**
     * Runs the command with a pid that was free a moment ago (the highest free one: the kernel hands
     * pids out upwards and wraps, so those are the least likely to be taken meanwhile), retrying if
     * another process took it first; checks the host's view (NSpid "pid 1") while the container waits.
     */
    private static void withFreePid(Command command) throws Exception {
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            int pid = freePid();
            String tag = "pid" + pid;
            List<String> args = new ArrayList<>(command.args(pid));
            if (args.get(0).startsWith("/")) args.addAll(List.of("--", "-c", waitScript(tag)));
            Path ready = rootfs.resolve("tmp/ready-" + tag), go = rootfs.resolve("tmp/go-" + tag);
            try (QuickCli.Running running = QuickCli.start(work, null, args.toArray(String[]::new))) {
                String nspid = null;
                try {
                    if (awaitFileOrExit(ready, running)) nspid = statusField(Files.readString(Path.of("/proc/" + pid + "/status")), "NSpid");
                } finally {
                    Files.writeString(go, "");
                }
                QuickCli.Result r = running.await();
                Files.deleteIfExists(go);
                Files.deleteIfExists(ready);
                if (r.exit() != 0 && r.err().contains("already in use") && attempt < ATTEMPTS) continue; // lost the race
                assertEquals(0, r.exit(), r.toString());
                assertEquals("inside=1\n", r.out(), r.toString());
                assertEquals(pid + " 1", nspid, "host pid " + pid + ", pid 1 in its namespace");
                return;
            }
        }
    }

    static String waitScript(String tag) {
        return "echo inside=$$; touch /tmp/ready-" + tag + "; while [ ! -e /tmp/go-" + tag + " ]; do sleep 0.05; done";
    }

    private static boolean awaitFileOrExit(Path file, QuickCli.Running running) throws Exception {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (Files.exists(file)) return true;
            if (!running.process().isAlive()) return false;
            Thread.sleep(20);
        }
        return fail("the container never created " + file);
    }

    private static int freePid() throws Exception {
        for (int pid = pidMax() - 1; pid > 300; pid--) {
            if (!Files.exists(Path.of("/proc/" + pid))) return pid;
        }
        return fail("no free pid");
    }

    private static int pidMax() throws Exception {
        try (InputStream in = Files.newInputStream(Path.of("/proc/sys/kernel/pid_max"))) {
            return Integer.parseInt(new String(in.readNBytes(32), StandardCharsets.US_ASCII).trim());
        }
    }

    private static int lineOf(String text, String needle) {
        String[] lines = text.split("\n");
        for (int i = 0; i < lines.length; i++) if (lines[i].contains(needle)) return i + 1;
        return fail(needle + " not in:\n" + text);
    }
}
