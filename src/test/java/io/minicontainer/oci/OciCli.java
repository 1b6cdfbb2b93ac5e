package io.minicontainer.oci;

import static org.junit.jupiter.api.Assertions.fail;

import io.minicontainer.testing.BusyboxRootfs;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Drives bin/mini-container like an OCI client: one process per verb, stdout and stderr read
 * through pipes until EOF. A verb that leaves a process holding its pipes never reaches EOF:
 * that fails the test after a timeout instead of hanging it.
 */
final class OciCli {
    static final long TIMEOUT_S = 30;

    record Result(int code, String out, String err) {
        @Override public String toString() { return "exit " + code + "\nstdout: " + out + "\nstderr: " + err; }
    }

    final Path root;

    OciCli(Path root) { this.root = root; }

    static Path launcher() {
        return BusyboxRootfs.targetDir().getParent().resolve("bin/mini-container");
    }

    List<String> command(String... args) {
        List<String> cmd = new ArrayList<>(List.of(launcher().toString(), "--root", root.toString()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** A verb with both streams on pipes, read until EOF. */
    Result run(String... args) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command(args)).redirectInput(Redirect.from(new File("/dev/null"))).start();
        CompletableFuture<String> out = readAll(p.getInputStream()), err = readAll(p.getErrorStream());
        try {
            String o = out.get(TIMEOUT_S, TimeUnit.SECONDS), e = err.get(TIMEOUT_S, TimeUnit.SECONDS);
            if (!p.waitFor(TIMEOUT_S, TimeUnit.SECONDS)) fail("verb " + List.of(args) + " did not exit");
            return new Result(p.exitValue(), o, e);
        } catch (TimeoutException e) {
            p.destroyForcibly();
            return fail("verb " + List.of(args) + ": no EOF on its stdout/stderr within " + TIMEOUT_S + " s: something outlived it holding the pipes");
        } catch (ExecutionException e) {
            throw new IOException(e.getCause());
        }
    }

    /** create, with the container's stdio on files (it inherits create's); stdin is /dev/null. */
    Result create(String id, Path bundle, Path out, Path err, String... extra) throws IOException, InterruptedException {
        return createWithEnv(Map.of(), id, bundle, out, err, extra);
    }

    Result createWithEnv(Map<String, String> env, String id, Path bundle, Path out, Path err, String... extra)
            throws IOException, InterruptedException {
        Process p = startCreate(env, id, bundle, out, err, extra);
        if (!p.waitFor(TIMEOUT_S, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("create " + id + " did not exit");
        }
        return new Result(p.exitValue(), "", Files.exists(err) ? Files.readString(err) : "");
    }

    Process startCreate(Map<String, String> env, String id, Path bundle, Path out, Path err, String... extra) throws IOException {
        List<String> args = new ArrayList<>(List.of("create", "--bundle", bundle.toString()));
        args.addAll(List.of(extra));
        args.add(id);
        ProcessBuilder pb = new ProcessBuilder(command(args.toArray(String[]::new)))
                .redirectInput(Redirect.from(new File("/dev/null")))
                .redirectOutput(Redirect.appendTo(out.toFile())).redirectError(Redirect.appendTo(err.toFile()));
        pb.environment().putAll(env);
        return pb.start();
    }

    private static CompletableFuture<String> readAll(InputStream in) {
        CompletableFuture<String> f = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try (in) {
                f.complete(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                f.completeExceptionally(e);
            }
        });
        t.setDaemon(true);
        t.start();
        return f;
    }
}
