package io.minicontainer.bench;

import io.minicontainer.cli.Main;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The representative workload the build runs with {@code -XX:DumpLoadedClassList} so that
 * {@code target/mini-container*.jsa} hold the classes a real CLI run loads (scripts/build-cds-archive.sh).
 * In its default mode ({@code all}) it drives the verbs through {@link Main#run} in one JVM: validate (a good and a bad config, so the
 * diagnostic path is archived too), plan, run --dry-run, and, when root, a real run of /bin/true
 * in the given bundle (cgroups, helper socket, process start) and the OCI lifecycle verbs. Each step's failure is reported and
 * the rest still runs: the archive is an optimisation, never a reason to fail the build.
 *
 * <p>Usage: {@code ArchiveWorkload <project dir> <state dir> [all|short|read|long]}: {@code all} (the default) for
 * the class-data archive, {@code short} and {@code read} for the short verbs' archive and the one of state, list and ps;
 * {@code short} and {@code long} each train one of JDK 25's AOT caches (scripts/build-cds-archive.sh).
 * A JDK 25 AOT cache loads and links every class it holds when the JVM starts, whichever verb runs, so one cache
 * trained on everything made `state` pay for networknt and Jackson: {@code short} runs only the verbs that read or
 * signal an existing container (its two containers are created by a child JVM, so create's classes stay out),
 * {@code long} only run, create (podman's config among them) and the quick form.
 */
public final class ArchiveWorkload {
    private ArchiveWorkload() {}

    public static void main(String[] args) throws IOException, InterruptedException {
        Path base = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath();
        Path state = Path.of(args.length > 1 ? args[1] : base.resolve("target/cds-state").toString()).toAbsolutePath();
        String mode = args.length > 2 ? args[2] : "all";
        if (mode.equals("short")) {
            report(shortVerbs(base, state.toString()));
            return;
        }
        if (mode.equals("short-setup")) {
            System.exit(shortSetup(base, state.toString(), args[3], args[4]));
        }
        if (mode.equals("long")) {
            report(longVerbs(base, state.toString()));
            return;
        }
        if (mode.equals("read")) {
            report(readVerbs(state.toString(), args[3]));
            return;
        }
        if (mode.equals("read-setup")) {
            System.exit(readSetup(base, state.toString(), args[3]));
        }
        if (mode.equals("read-teardown")) {
            System.exit(step(0, "--root", state.toString(), "delete", "--force", args[3]));
        }
        List<String> examples = new ArrayList<>();
        try (Stream<Path> s = Files.list(base.resolve("examples"))) {
            s.filter(p -> p.toString().endsWith(".json")).sorted().forEach(p -> examples.add(p.toString()));
        }
        Path bad = Files.createTempFile("mc-cds-bad", ".json");
        int failures = 0;
        try {
            Files.writeString(bad, "{\"ociVersion\": \"1.2.0\", \"process\": {\"args\": \"sh\", \"cwd\": \"rel\", \"usr\": 1}}\n");
            List<String> validate = new ArrayList<>(List.of("--root", state.toString(), "validate"));
            validate.addAll(examples);
            failures += step(0, validate.toArray(String[]::new));
            failures += step(65, "--root", state.toString(), "validate", bad.toString());
            // plan and run --dry-run run the host preflight: each example gets a bundle whose rootfs has its /bin/sh
            for (String example : examples) {
                Path dir = standInBundle(Path.of(example));
                try {
                    // 65 is fine too: the host may refuse an example (podman-style asks for rlimits above its hard limits)
                    failures += step(List.of(0, 65), "--root", state.toString(), "plan", dir.toString());
                    failures += step(List.of(0, 65), "--root", state.toString(), "run", "--dry-run", dir.toString());
                    if (example.endsWith("minimal.json")) {
                        // the quick form (its own parser and config builder); the stand-in sh is never run
                        failures += step(0, "--root", state.toString(), "--dry-run", "/bin/sh", dir.resolve("rootfs").toString());
                    }
                } finally {
                    deleteTree(dir);
                }
            }
            Path bundle = hostfs(base, "the real run path is not archived");
            if (bundle != null) {
                failures += step(0, "--root", state.toString(), "run", "--id", "cds-workload-" + ProcessHandle.current().pid(),
                        bundle.toString());
                Path sleeper = sleeperBundle(bundle);
                try {
                    failures += ociLifecycle(state.toString(), bundle.toString(), sleeper.toString());
                } finally {
                    deleteTree(sleeper);
                }
                failures += podmanCreate(state.toString(), base, bundle);
            }
        } finally {
            Files.deleteIfExists(bad);
        }
        report(failures);
    }

    private static void report(int failures) {
        System.err.println("archive workload: " + (failures == 0 ? "all steps ran as expected" : failures + " step(s) did not"));
    }

    /**
     * The short verbs on two containers that a child JVM created ({@code short-setup}: it also writes the sleeper's
     * bundle, with Jackson), so that this JVM loads no more than those verbs do. The caller removes
     * {@code <state>.sleeper}.
     */
    private static int shortVerbs(Path base, String state) throws IOException, InterruptedException {
        String killed = "aot-workload-kill-" + ProcessHandle.current().pid();
        String started = "aot-workload-start-" + ProcessHandle.current().pid();
        int failures = child(base, state, "short-setup", killed, started) == 0 ? 0 : 1;
        // 65 from delete: the setup failed (counted above), there is no such container
        return failures + lifecycleVerbs(state, killed, started, false, List.of(0, 65));
    }

    /** This workload in a child JVM, in {@code mode}: what it loads stays out of this JVM's class list. Its exit status. */
    private static int child(Path base, String state, String mode, String... ids) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dmc.home=" + System.getProperty("mc.home"), "-Dmc.helper=" + System.getProperty("mc.helper"),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), ArchiveWorkload.class.getName(),
                base.toString(), state, mode));
        cmd.addAll(List.of(ids));
        ProcessBuilder pb = new ProcessBuilder(cmd).inheritIO();
        pb.environment().remove("JAVA_TOOL_OPTIONS"); // the training run's own options are not for the child
        return pb.start().waitFor();
    }

    /**
     * {@code state}, {@code list} and {@code ps} only, on the running sleeper {@code id} that read-setup made (and
     * read-teardown removes), each in a JVM of its own started by the build script, so that this JVM loads no more than
     * these verbs: the launcher's third archive. A JVM touches the archive's pages its classes are on, and one of these
     * three verbs' classes only (656 classes, 7.4 MiB) against the short verbs' (913, 9.8 MiB) ran them 0.963-0.967x the
     * wall time and 0.962-0.970x the CPU (81 A/B pairs each, load 1.4-1.8; docs/STARTUP.md, "readverbs").
     */
    private static int readVerbs(String state, String id) {
        return step(0, "--root", state, "state", id) + step(0, "--root", state, "ps", id) + step(0, "--root", state, "list");
    }

    /** Before {@link #readVerbs}: the sleeper's bundle at {@code <state>.sleeper}, created and started as {@code id}. */
    private static int readSetup(Path base, String state, String id) throws IOException {
        Path bundle = hostfs(base, "no state/list/ps training");
        if (bundle == null) return 1;
        Path sleeper = sleeperBundle(bundle, Path.of(state + ".sleeper"));
        return step(0, "--root", state, "create", "--bundle", sleeper.toString(), id) + step(0, "--root", state, "start", id);
    }

    /** The child of {@link #shortVerbs}: the sleeper's bundle at {@code <state>.sleeper}, and the two containers created. */
    private static int shortSetup(Path base, String state, String killed, String started) throws IOException {
        Path bundle = hostfs(base, "no short-verb training");
        if (bundle == null) return 1;
        Path sleeper = sleeperBundle(bundle, Path.of(state + ".sleeper"));
        return step(0, "--root", state, "create", "--bundle", bundle.toString(), killed)
                + step(0, "--root", state, "create", "--bundle", sleeper.toString(), started);
    }

    /** The verbs that build a container: run, the quick form (a dry run) and a create of podman's config ({@link #podmanCreate}). */
    private static int longVerbs(Path base, String state) throws IOException {
        Path bundle = hostfs(base, "no run/create training");
        if (bundle == null) return 1;
        int failures = step(0, "--root", state, "run", "--id", "aot-workload-" + ProcessHandle.current().pid(), bundle.toString());
        Path minimal = standInBundle(base.resolve("examples/minimal.json"));
        try {
            failures += step(0, "--root", state, "--dry-run", "/bin/sh", minimal.resolve("rootfs").toString());
        } finally {
            deleteTree(minimal);
        }
        return failures + podmanCreate(state, base, bundle);
    }

    /**
     * The verbs an OCI client runs one process each (create, state, start, kill, delete), so their
     * classes (state reading, the exec fifo, signals) are archived too.
     */
    private static int ociLifecycle(String state, String bundle, String sleeper) {
        String killed = "cds-workload-kill-" + ProcessHandle.current().pid();
        String started = "cds-workload-start-" + ProcessHandle.current().pid();
        int failures = step(0, "--root", state, "create", "--bundle", bundle, killed)
                + step(0, "--root", state, "create", "--bundle", sleeper, started);
        return failures + lifecycleVerbs(state, killed, started, true, List.of(0));
    }

    /**
     * Every verb a client runs one process each, on two created containers (a cold one loads what its training run
     * loaded): {@code killed} is signalled before its start, {@code started} (a sleeper) started, paused, resumed,
     * listed and stopped. {@code full}: also `list --format json` and a signal other than TERM/KILL, which the launcher
     * gives the full archive, not the short verbs' one. Both are deleted with --force whatever happened
     * ({@code deleted}: the statuses expected), so nothing is left for the leak check.
     */
    private static int lifecycleVerbs(String state, String killed, String started, boolean full, List<Integer> deleted) {
        int failures = 0;
        try {
            failures += step(0, "--root", state, "state", killed);
            failures += step(0, "--root", state, "kill", killed, "KILL");
            failures += step(0, "--root", state, "start", started);
            failures += step(0, "--root", state, "pause", started);
            failures += step(0, "--root", state, "resume", started);
            failures += step(0, "--root", state, "ps", started);
            failures += step(0, "--root", state, "list");
            failures += step(0, "--root", state, "state", started);
            if (full) {
                // `list --format json` (Jackson's tree writer) and a signal other than TERM/KILL (ffi/Signals' parser):
                // without them a cold `kill ID USR2` loaded Signals from the jar, which the JVM then opened (docs/STARTUP.md, "jffi")
                failures += step(0, "--root", state, "list", "--format", "json");
                failures += step(0, "--root", state, "kill", started, "USR2");
            }
            failures += step(0, "--root", state, "kill", started, "TERM");
        } finally {
            failures += step(deleted, "--root", state, "delete", "--force", killed);
            failures += step(deleted, "--root", state, "delete", "--force", started);
        }
        return failures;
    }

    /**
     * podman's config (examples/podman-style.json: seccomp, masked paths, sysctls) in a real create,
     * as podman sends it; on the hostfs bundle's rootfs and mounts, without the netns file of
     * podman's host, with rlimits the host allows. Deleted with --force whatever happened.
     */
    private static int podmanCreate(String state, Path base, Path hostfs) {
        String id = "cds-workload-podman-" + ProcessHandle.current().pid();
        Path dir = null;
        int failures = 0;
        try {
            dir = Files.createTempDirectory("mc-cds-podman");
            ObjectMapper json = new ObjectMapper();
            ObjectNode config = (ObjectNode) json.readTree(base.resolve("examples/podman-style.json").toFile());
            JsonNode host = json.readTree(hostfs.resolve("config.json").toFile());
            config.putObject("root").put("path", hostfs.resolve("rootfs").toString()).put("readonly", true);
            config.set("mounts", host.get("mounts"));
            ((ObjectNode) config.get("process")).set("args", host.at("/process/args"));
            for (JsonNode r : config.at("/process/rlimits")) ((ObjectNode) r).put("soft", 1024).put("hard", 1024);
            for (JsonNode ns : config.at("/linux/namespaces")) ((ObjectNode) ns).remove("path");
            // the example's fixed libpod cgroup would collide with another checkout building at the same time
            // ("File exists", 71): same shape, this build's own name
            ((ObjectNode) config.get("linux")).put("cgroupsPath", "machine.slice:libpod:" + id);
            // the profile podman really sends (the example's list is a trimmed excerpt, too short to reach exec)
            if (Files.isReadable(ContainersSeccompProfile.DEBIAN_DEFAULT)) {
                List<String> caps = new ArrayList<>();
                config.at("/process/capabilities/bounding").forEach(c -> caps.add(c.asText()));
                ((ObjectNode) config.get("linux")).set("seccomp",
                        json.valueToTree(ContainersSeccompProfile.load(ContainersSeccompProfile.DEBIAN_DEFAULT, caps)));
            } else {
                ((ObjectNode) config.get("linux")).remove("seccomp");
            }
            json.writeValue(dir.resolve("config.json").toFile(), config);
            failures += step(0, "--root", state, "create", "--bundle", dir.toString(), id);
        } catch (IOException | RuntimeException e) {
            System.err.println("archive workload: podman config: " + e);
            failures++;
        } finally {
            failures += step(List.of(0, 65), "--root", state, "delete", "--force", id); // 65: create failed, no such id
            try {
                if (dir != null) deleteTree(dir);
            } catch (IOException ignored) {
                // a temp dir left behind is no reason to fail the build
            }
        }
        return failures;
    }

    /** The hostfs bundle's config, its rootfs by absolute path, running sleep: alive for pause, ps and kill. */
    private static Path sleeperBundle(Path hostfs) throws IOException {
        return sleeperBundle(hostfs, Files.createTempDirectory("mc-cds-sleeper"));
    }

    private static Path sleeperBundle(Path hostfs, Path dir) throws IOException {
        Files.createDirectories(dir);
        ObjectMapper json = new ObjectMapper();
        ObjectNode config = (ObjectNode) json.readTree(hostfs.resolve("config.json").toFile());
        ((ObjectNode) config.get("root")).put("path", hostfs.resolve("rootfs").toString());
        ((ObjectNode) config.get("process")).putArray("args").add("/bin/sleep").add("60");
        json.writeValue(dir.resolve("config.json").toFile(), config);
        return dir;
    }

    private static int step(int expected, String... args) {
        return step(List.of(expected), args);
    }

    private static int step(List<Integer> expected, String... args) {
        int code;
        try {
            code = Main.run(args);
        } catch (RuntimeException | Error e) {
            System.err.println("archive workload: " + String.join(" ", args) + ": " + e);
            return 1;
        }
        if (expected.contains(code)) return 0;
        System.err.println("archive workload: " + String.join(" ", args) + ": exit " + code + ", expected " + expected);
        return 1;
    }

    /** A temp bundle: the example as config.json, and a rootfs holding only an executable bin/sh (never run). */
    private static Path standInBundle(Path example) throws IOException {
        Path dir = Files.createTempDirectory("mc-cds-bundle");
        Files.copy(example, dir.resolve("config.json"));
        Path sh = Files.createDirectories(dir.resolve("rootfs/bin")).resolve("sh");
        Files.createFile(sh);
        Files.setPosixFilePermissions(sh, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        return dir;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }

    /**
     * The hostfs bundle, when this JVM is root and the bundle is there (a real container needs both); else null, once
     * it said what goes {@code untrained}.
     */
    private static Path hostfs(Path base, String untrained) {
        Path bundle = base.resolve("bundles/hostfs");
        if (isRoot() && Files.isDirectory(bundle)) return bundle;
        System.err.println("archive workload: not root or no " + bundle + ": " + untrained);
        return null;
    }

    private static boolean isRoot() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) return line.split("\\s+")[1].equals("0");
            }
        } catch (IOException ignored) {
            // unknown: treat as not root
        }
        return false;
    }
}
