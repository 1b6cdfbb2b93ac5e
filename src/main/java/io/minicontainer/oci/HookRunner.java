package io.minicontainer.oci;

import io.minicontainer.diag.RuntimeFailure;
import io.minicontainer.ffi.Signals;
import io.minicontainer.spec.Spec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs OCI hooks on the host: the container's state JSON on stdin, {@code env} as the whole
 * environment, killed after {@code timeout} seconds. Each hook starts in its own session and
 * process group (through util-linux {@code setsid}: the JVM cannot setpgid a child), so a timeout
 * SIGKILLs the whole group at once (killing children first let the hook go on spawning), and
 * processes a hook leaves behind in its group are reported. Output is captured (never the verb's own
 * stdout/stderr, which clients read until EOF) and quoted in the error when a hook fails.
 * Deviation: args[0] cannot be set apart from the path from Java, so the hook sees its path as argv[0].
 */
public final class HookRunner {
    private static final int MAX_OUTPUT = 2000;

    private HookRunner() {}

    private static final String SETSID = "/usr/bin/setsid";

    /** Runs every hook even when one fails; failures come back as sentences (poststop: warnings). */
    public static List<String> runAllCollecting(String stage, List<Spec.Hook> hooks, String stateJson) {
        List<String> problems = new ArrayList<>();
        if (hooks == null) return problems;
        for (int i = 0; i < hooks.size(); i++) {
            try {
                problems.addAll(run(stage, i, hooks.get(i), stateJson));
            } catch (RuntimeFailure e) {
                problems.add(e.getMessage());
            }
        }
        return problems;
    }

    /** One planned host-side hook step; returns warnings (processes it left behind). */
    public static List<String> run(io.minicontainer.plan.HostStep.RunHook step, String stateJson) {
        return run(step.stage(), step.index(), new Spec.Hook(step.path(), step.args(), step.env(), step.timeout()), stateJson);
    }

    /** Runs one hook; returns warnings (processes it left behind). */
    static List<String> run(String stage, int index, Spec.Hook hook, String stateJson) {
        String name = "hooks." + stage + "[" + index + "] " + hook.path();
        List<String> cmd = new ArrayList<>();
        if (new java.io.File(SETSID).canExecute()) cmd.add(SETSID);
        cmd.add(hook.path());
        if (hook.args() != null && hook.args().size() > 1) cmd.addAll(hook.args().subList(1, hook.args().size()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().clear();
        if (hook.env() != null) {
            for (String kv : hook.env()) {
                int eq = kv.indexOf('=');
                if (eq > 0) pb.environment().put(kv.substring(0, eq), kv.substring(eq + 1));
            }
        }
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new RuntimeFailure(name + ": cannot run: " + e.getMessage(), e);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Thread reader = drain(p.getInputStream(), out);
        // On its own thread: a hook that never reads a large state document must still hit its timeout.
        Thread writer = new Thread(() -> {
            try (OutputStream in = p.getOutputStream()) {
                in.write(stateJson.getBytes(StandardCharsets.UTF_8));
            } catch (IOException ignored) {
                // the hook does not read its stdin: allowed
            }
        }, "hook-stdin");
        writer.setDaemon(true);
        writer.start();
        try {
            boolean done = hook.timeout() == null ? waitForever(p) : p.waitFor(hook.timeout(), TimeUnit.SECONDS);
            if (!done) {
                killGroup(p);
                throw new RuntimeFailure(name + ": still running after its timeout of " + hook.timeout() + " s; killed");
            }
            reader.join(200); // a grandchild may keep the pipe open: don't wait for it
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new RuntimeFailure(name + ": interrupted");
        }
        if (p.exitValue() != 0) {
            String text;
            synchronized (out) {
                text = out.toString(StandardCharsets.UTF_8).strip();
            }
            if (text.length() > MAX_OUTPUT) text = text.substring(0, MAX_OUTPUT) + "...";
            throw new RuntimeFailure(name + ": exit status " + p.exitValue() + (text.isEmpty() ? "" : ": " + text.replace('\n', ' ')));
        }
        List<String> left = ProcessGroup.members(p.pid());
        if (left.isEmpty()) return List.of();
        return List.of(name + " exited but left processes running in its process group (a daemonising hook): " + String.join(", ", left));
    }

    /** SIGKILL to the hook's whole group at once, then the hook itself in case setsid was missing. */
    private static void killGroup(Process p) {
        if (p.pid() <= Integer.MAX_VALUE) io.minicontainer.ffi.Syscalls.lazy().kill(-(int) p.pid(), Signals.SIGKILL);
        p.destroyForcibly();
        p.descendants().forEach(ProcessHandle::destroyForcibly);
    }

    private static boolean waitForever(Process p) throws InterruptedException {
        p.waitFor();
        return true;
    }

    private static Thread drain(InputStream in, ByteArrayOutputStream out) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[4096];
            try (in) {
                int n;
                while ((n = in.read(buf)) > 0) {
                    synchronized (out) {
                        if (out.size() < 64 * 1024) out.write(buf, 0, n);
                    }
                }
            } catch (IOException ignored) {
                // the hook closed its output
            }
        }, "hook-output");
        t.setDaemon(true);
        t.start();
        return t;
    }
}
