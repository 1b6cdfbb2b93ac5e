package io.minicontainer.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.minicontainer.diag.UserError;
import io.minicontainer.spec.DefaultSpec;
import io.minicontainer.state.StateStore;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One bundle (config.json + a fresh busybox rootfs) under {@code target/it-bundles/<id>}, run through
 * the packaged launcher {@code bin/mini-container} as a real client would, with the container's
 * stdio going to files (so the container sees real files, not JVM pipes). {@link #close()} kills
 * whatever it started and deletes the bundle; {@link #assertNothingLeft()} checks the host.
 * <p>
 * The config starts as {@link DefaultSpec#create} with {@code root.readonly=false}; tests edit the
 * JSON tree ({@link #config()}) before {@link #run}.
 */
public final class ContainerFixture implements AutoCloseable {
    public static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final long TIMEOUT_SECONDS = 60;

    private final String id;
    private final Path dir;
    private final Path bundle;
    private final Path rootfs;
    private final Path stateRoot;
    private final List<Process> started = new ArrayList<>();
    private ObjectNode config;
    private Path stdin = Path.of("/dev/null");

    /** Output of one launcher run. */
    public record Result(int exitCode, String stdout, String stderr) {
        /** For assertion messages. */
        public String dump() { return "exit " + exitCode + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr; }

        /** The value of the first {@code key=value} line on stdout; fails if there is none. */
        public String value(String key) {
            for (String line : stdout.split("\n")) if (line.startsWith(key + "=")) return line.substring(key.length() + 1);
            throw new AssertionError("no line " + key + "=... in\n" + dump());
        }
    }

    private ContainerFixture(String id) {
        this.id = id;
        this.dir = BusyboxRootfs.targetDir().resolve("it-bundles").resolve(id);
        this.bundle = dir.resolve("bundle");
        this.rootfs = bundle.resolve("rootfs");
        this.stateRoot = dir.resolve("state");
        try {
            Files.createDirectories(bundle);
            Files.createDirectories(stateRoot);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        BusyboxRootfs.freshCopy(rootfs);
        config = JSON.valueToTree(DefaultSpec.create(List.of("true"), "rootfs", false));
    }

    /** A new bundle whose container id is {@code mct-<tag><random>} ({@link TestScope}); its cgroups go to the default {@code /mini-container/<id>}. */
    public static ContainerFixture create() {
        return new ContainerFixture(TestScope.id("mct"));
    }

    public String id() { return id; }

    public Path bundle() { return bundle; }

    public Path rootfs() { return rootfs; }

    /** The {@code --root} state dir passed to every command; must be empty once a run is over. */
    public Path stateRoot() { return stateRoot; }

    /** Scratch dir beside the bundle (deleted on close) for files tests share with the container. */
    public Path scratch(String name) {
        try {
            return Files.createDirectories(dir.resolve("scratch").resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The config as a mutable JSON tree; written to config.json by every run. */
    public ObjectNode config() { return config; }

    public ObjectNode process() { return config.withObject("/process"); }

    public ObjectNode linux() { return config.withObject("/linux"); }

    public ObjectNode resources() { return config.withObject("/linux/resources"); }

    /** Sets process.args; a single string runs under {@code sh -c}. */
    public ContainerFixture shell(String script) {
        return args("sh", "-c", script);
    }

    public ContainerFixture args(String... args) {
        ArrayNode a = process().putArray("args");
        for (String s : args) a.add(s);
        return this;
    }

    /** Appends a mount to config.mounts. */
    public ContainerFixture mount(String destination, String type, String source, String... options) {
        ObjectNode m = config.withArray("/mounts").addObject();
        m.put("destination", destination);
        if (type != null) m.put("type", type);
        if (source != null) m.put("source", source);
        ArrayNode o = m.putArray("options");
        for (String s : options) o.add(s);
        return this;
    }

    /** Replaces the whole config with JSON text (tests of hand-written configs). */
    public ContainerFixture configJson(String json) {
        try {
            config = (ObjectNode) JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** The file the container's stdin reads (default /dev/null). */
    public ContainerFixture stdin(Path file) {
        this.stdin = file;
        return this;
    }

    /** {@code mini-container --root <state> run --id <id> [extra...] <bundle>}, waited for. */
    public Result run(String... extra) {
        List<String> args = new ArrayList<>(List.of("run", "--id", id));
        args.addAll(List.of(extra));
        args.add(bundle.toString());
        return cli(args);
    }

    /** Code the test runs on the host while the container is paused. */
    @FunctionalInterface
    public interface WhileRunning {
        void run(Process launcher) throws Exception;
    }

    /**
     * Runs {@code sh -c "<before>; <pause>; <after>"} with the host dir {@code shared} bound at
     * /shared: the container signals it is up, {@code whileRunning} looks at the host, then the
     * container goes on and the result is returned.
     */
    public Result runPaused(String before, String after, WhileRunning whileRunning) throws Exception {
        Path shared = scratch("shared");
        mount("/shared", "bind", shared.toString(), "bind");
        shell(before + "; touch /shared/ready; while [ ! -e /shared/go ]; do sleep 0.05; done; " + after);
        Process p = start(List.of("run", "--id", id, bundle.toString()));
        try {
            awaitFile(shared.resolve("ready"), p);
            whileRunning.run(p);
        } finally {
            Files.writeString(shared.resolve("go"), "");
        }
        if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) throw new AssertionError("the container did not finish");
        return result(p);
    }

    /** Waits for a file the container creates, failing early if the launcher exits first. */
    public static void awaitFile(Path file, Process launcher) throws InterruptedException {
        for (int i = 0; i < 600; i++) {
            if (Files.exists(file)) return;
            if (!launcher.isAlive()) throw new AssertionError("the launcher exited (" + launcher.exitValue() + ") before " + file + " appeared");
            Thread.sleep(25);
        }
        throw new AssertionError(file + " did not appear in 15 s");
    }

    /** Any verb, with the fixture's --root, after writing config.json. */
    public Result cli(List<String> args) {
        Process p = start(args);
        try {
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("mini-container " + args + " did not finish in " + TIMEOUT_SECONDS + " s");
            }
            return result(p);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Starts the launcher without waiting (signal tests); the output is read by {@link #result(Process)}. */
    public Process start(List<String> args) {
        writeConfig();
        List<String> cmd = new ArrayList<>(List.of(launcher().toString(), "--root", stateRoot.toString()));
        cmd.addAll(args);
        try {
            Process p = new ProcessBuilder(cmd).redirectInput(stdin.toFile())
                    .redirectOutput(outFile("stdout")).redirectError(outFile("stderr")).start();
            started.add(p);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The finished process's exit code with what it wrote. */
    /** The run's outcome; a run that hangs fails its test after 5 minutes instead of holding up the build. */
    public Result result(Process p) throws InterruptedException {
        if (!p.waitFor(5, java.util.concurrent.TimeUnit.MINUTES)) {
            p.destroyForcibly(); // the supervisor's or JVM's death makes the helper kill the container
            p.waitFor();
            throw new AssertionError("still running after 5 minutes: " + p.info().commandLine().orElse("?")
                    + "\nstderr: " + read(dir.resolve("stderr")));
        }
        int code = p.waitFor();
        return new Result(code, read(dir.resolve("stdout")), read(dir.resolve("stderr")));
    }

    public void writeConfig() {
        try {
            Files.writeString(bundle.resolve("config.json"), JSON.writeValueAsString(config));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private File outFile(String name) {
        return dir.resolve(name).toFile();
    }

    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private static Path launcher() {
        return BusyboxRootfs.targetDir().getParent().resolve("bin/mini-container");
    }

    /**
     * Nothing of this container is left: no cgroup dir named after its id, no mount under its
     * bundle, no helper running for it, an empty state dir. Call after the run has finished.
     */
    public void assertNothingLeft() {
        List<String> leaks = new ArrayList<>(HostState.cgroupDirsNamed(id));
        for (String line : HostState.mountinfoLines()) if (line.contains(dir.toString())) leaks.add("mount: " + line);
        try (Stream<Path> s = Files.list(stateRoot)) {
            s.forEach(p -> leaks.add("state: " + p));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!leaks.isEmpty()) throw new AssertionError("left behind by " + id + ":\n" + String.join("\n", leaks));
    }

    @Override
    public void close() throws IOException {
        boolean killed = false;
        for (Process p : List.copyOf(started)) {
            if (p.isAlive()) {
                killed = true;
                p.destroyForcibly();
                try {
                    p.waitFor(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        // A test that failed mid-run leaves a SIGKILLed runtime, and one that failed after a `create` a container
        // in this fixture's own state root: remove what is left as a user would, so one failure does not also
        // fail the leak check of the whole build. The state root is this fixture's alone.
        java.util.Set<String> leftover = new java.util.TreeSet<>();
        if (killed) leftover.add(id);
        try {
            leftover.addAll(new StateStore(stateRoot).ids()); // none without a state root
        } catch (IOException | UserError untrusted) {
            // a root the runtime refuses, which its `delete` would refuse too: the leak check reports what is left
        }
        for (String name : leftover) {
            try {
                cli(List.of("delete", "--force", name));
            } catch (RuntimeException | AssertionError ignored) {
                // the leak check reports whatever is still there
            }
        }
        BusyboxRootfs.deleteTree(dir);
    }
}
