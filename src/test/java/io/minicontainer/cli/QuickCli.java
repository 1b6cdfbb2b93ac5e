package io.minicontainer.cli;

import static org.junit.jupiter.api.Assertions.fail;

import io.minicontainer.testing.BusyboxRootfs;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the packaged launcher ({@code bin/mini-container}) as a user would, with a private state dir
 * ({@code --root}) and stdin from a file (/dev/null unless given), and collects exit, stdout, stderr.
 * A run that hangs is killed with everything it started, and the test fails.
 */
final class QuickCli {
    static final long TIMEOUT_SECONDS = 60;

    record Result(int exit, String out, String err) {
        @Override public String toString() { return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err; }
    }

    /** A container started in the background, for checks from the host while it runs. */
    record Running(Process process, Path out, Path err) implements AutoCloseable {
        Result await() throws Exception {
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                close();
                fail("mini-container did not finish within " + TIMEOUT_SECONDS + "s");
            }
            return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
        }

        @Override
        public void close() throws IOException {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private QuickCli() {}

    static Path launcher() {
        return BusyboxRootfs.targetDir().getParent().resolve("bin/mini-container");
    }

    static Path stateDir() { return BusyboxRootfs.targetDir().resolve("test-state/quick"); }

    /** A container id that names its cgroup /mini-container/<id>, unique per call. */
    static String uniqueId(String prefix) {
        return io.minicontainer.testing.TestScope.id(prefix);
    }

    static Result run(Path cwd, String... args) throws Exception { return runWithStdin(cwd, null, args); }

    /** The launcher with no arguments at all (not even --root). */
    static Result runBare(Path cwd) throws Exception {
        Path out = Files.createTempFile("mc-quick-it-", ".out"), err = Files.createTempFile("mc-quick-it-", ".err");
        Process p = new ProcessBuilder(launcher().toString()).directory(cwd.toFile())
                .redirectInput(Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try (Running r = new Running(p, out, err)) {
            return r.await();
        }
    }

    /** Runs with {@code script} (if not null) as stdin: /bin/sh reads it and exits at its end. */
    static Result runWithStdin(Path cwd, String script, String... args) throws Exception {
        try (Running r = start(cwd, script, args)) {
            return r.await();
        }
    }

    static Running start(Path cwd, String script, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(launcher().toString(), "--root", stateDir().toString()));
        cmd.addAll(Arrays.asList(args));
        Path out = Files.createTempFile("mc-quick-it-", ".out"), err = Files.createTempFile("mc-quick-it-", ".err");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        if (script == null) {
            pb.redirectInput(Redirect.from(new java.io.File("/dev/null")));
        } else {
            Path in = Files.createTempFile("mc-quick-it-", ".in");
            Files.writeString(in, script, StandardCharsets.UTF_8);
            in.toFile().deleteOnExit();
            pb.redirectInput(in.toFile());
        }
        return new Running(pb.start(), out, err);
    }

    /** A fresh busybox rootfs at {@code work/name} (removed first), which a test may change. */
    static Path freshRootfs(Path work, String name) throws IOException {
        Path dest = work.resolve(name);
        BusyboxRootfs.deleteTree(dest);
        Files.createDirectories(work);
        return BusyboxRootfs.freshCopy(dest);
    }

    static Path workDir(Class<?> testClass) throws IOException {
        Path dir = BusyboxRootfs.targetDir().resolve("test-work/" + testClass.getSimpleName());
        BusyboxRootfs.deleteTree(dir);
        return Files.createDirectories(dir);
    }

    /** The value of a "Name:\tvalue" line of /proc/<pid>/status as printed by the container. */
    static String statusField(String output, String name) {
        for (String line : output.split("\n")) {
            if (line.startsWith(name + ":")) return line.substring(name.length() + 1).strip().replaceAll("\\s+", " ");
        }
        return fail("no " + name + " line in:\n" + output);
    }
}
