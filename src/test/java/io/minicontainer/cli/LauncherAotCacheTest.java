package io.minicontainer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/mini-container with MC_JDK=25: the JDK 25 the build recorded, with the AOT cache of the verb's family
 * (short verbs: the small cache; the others: the long one), and only when that cache is newer than the jar and
 * was made by that very JDK build; otherwise JDK 17 as without MC_JDK. Fake {@code java}s print their arguments.
 */
class LauncherAotCacheTest {
    private static final Path REPO = Path.of("").toAbsolutePath();
    private static final String RELEASE = "JAVA_RUNTIME_VERSION=\"25.0.3+9-LTS\"";

    @TempDir
    Path tmp;
    private Path base;
    private Path jdk25;
    private Map<String, String> env;

    @BeforeEach
    void checkout() throws IOException {
        base = tmp.resolve("base");
        Path target = Files.createDirectories(base.resolve("target"));
        Files.createDirectories(base.resolve("bin"));
        Files.copy(REPO.resolve("bin/mini-container"), base.resolve("bin/mini-container"));
        Files.writeString(target.resolve("mini-container.jar"), "");
        FileTime jarTime = Files.getLastModifiedTime(target.resolve("mini-container.jar"));
        for (String family : List.of("short", "long")) {
            Path cache = Files.writeString(target.resolve("mini-container-" + family + ".aot"), "");
            Files.setLastModifiedTime(cache, FileTime.fromMillis(jarTime.toMillis() + 5000));
        }
        jdk25 = tmp.resolve("jdk25");
        fakeJava(jdk25, "25");
        Files.writeString(jdk25.resolve("release"), "IMPLEMENTOR=\"Eclipse Adoptium\"\n" + RELEASE + "\n");
        Files.writeString(target.resolve("mini-container.aot.jvm"), jdk25 + " " + RELEASE + "\n");
        env = Map.of("PATH", fakeJava(tmp.resolve("jdk17"), "17") + ":" + System.getenv("PATH"), "MC_JDK", "25",
                "MC_NO_SUPERVISOR", "1");
    }

    @Test
    void eachVerbFamilyGetsItsOwnCache() throws Exception {
        List<String> state = launch("--root", "/r", "state", "c1");
        assertEquals("java25", state.get(0));
        assertTrue(state.contains("-XX:AOTCache=" + base.toRealPath().resolve("target/mini-container-short.aot")), state.toString());
        assertTrue(state.contains("-XX:+UseSerialGC") && !state.contains("-XX:+UseG1GC"), state.toString());
        assertFalse(state.stream().anyMatch(a -> a.startsWith("-Xshare") || a.startsWith("-XX:SharedArchiveFile")), state.toString());
        for (List<String> args : List.of(List.of("run", "b"), List.of("create", "--bundle", "b", "c1"), List.of("/bin/true", "/rootfs"))) {
            List<String> cmd = launch(args.toArray(String[]::new));
            assertEquals("java25", cmd.get(0), args.toString());
            assertTrue(cmd.contains("-XX:AOTCache=" + base.toRealPath().resolve("target/mini-container-long.aot")), cmd.toString());
        }
    }

    @Test
    void aStaleCacheOrAnotherJdkBuildMeansJdk17() throws Exception {
        Path shortCache = base.resolve("target/mini-container-short.aot");
        Files.setLastModifiedTime(shortCache, FileTime.fromMillis(0));
        List<String> stale = launch("state", "c1");
        assertEquals("java17", stale.get(0), "a cache older than the jar");
        assertTrue(stale.contains("-XX:+UseG1GC") && stale.stream().noneMatch(a -> a.startsWith("-XX:AOTCache")), stale.toString());
        assertEquals("java25", launch("run", "b").get(0), "the long cache is still fresh");

        Files.writeString(jdk25.resolve("release"), "JAVA_RUNTIME_VERSION=\"25.0.4+7-LTS\"\n"); // the JDK package was upgraded
        assertEquals("java17", launch("run", "b").get(0), "a cache made by another build of the JDK");

        Files.delete(base.resolve("target/mini-container.aot.jvm"));
        assertEquals("java17", launch("run", "b").get(0), "no cache recorded (a build without JDK 25)");
    }

    /**
     * JDK 17 (the default): the short verbs get the archive of their own classes, state, list and ps a narrower one of theirs,
     * each while it is fresh; the rest the full one.
     */
    @Test
    void theShortVerbsGetTheirOwnClassDataArchive() throws Exception {
        Path jdk17 = tmp.resolve("jdk17");
        String release17 = "JAVA_RUNTIME_VERSION=\"17.0.21.1+1-Debian\"";
        Files.writeString(jdk17.resolve("release"), release17 + "\n");
        Path target = base.resolve("target");
        FileTime later = FileTime.fromMillis(Files.getLastModifiedTime(target.resolve("mini-container.jar")).toMillis() + 5000);
        for (String name : List.of("mini-container.jsa", "mini-container-short.jsa", "mini-container-read.jsa")) {
            Files.setLastModifiedTime(Files.writeString(target.resolve(name), ""), later);
        }
        Files.writeString(target.resolve("mini-container.jsa.jvm"), jdk17 + " " + release17 + "\n");
        env = Map.of("PATH", jdk17.resolve("bin") + ":" + System.getenv("PATH"), "MC_NO_SUPERVISOR", "1");
        Path home = base.toRealPath();
        for (String verb : List.of("delete", "kill", "start", "pause", "resume")) {
            List<String> cmd = launch(verb, "c1");
            assertEquals("java17", cmd.get(0));
            assertTrue(cmd.contains("-XX:SharedArchiveFile=" + home.resolve("target/mini-container-short.jsa")), cmd.toString());
        }
        for (String verb : List.of("state", "list", "ls", "ps")) {
            List<String> cmd = launch(verb, "c1");
            assertTrue(cmd.contains("-XX:SharedArchiveFile=" + home.resolve("target/mini-container-read.jsa")), cmd.toString());
        }
        for (List<String> args : List.of(List.of("run", "b"), List.of("create", "--bundle", "b", "c1"), List.of("/bin/true", "/rootfs"))) {
            List<String> cmd = launch(args.toArray(String[]::new));
            assertTrue(cmd.contains("-XX:SharedArchiveFile=" + home.resolve("target/mini-container.jsa")), cmd.toString());
        }
        for (List<String> args : List.of(List.of("kill", "c1", "KILL"), List.of("kill", "--all", "c1", "15"))) {
            List<String> cmd = launch(args.toArray(String[]::new));
            assertTrue(cmd.contains("-XX:SharedArchiveFile=" + home.resolve("target/mini-container-short.jsa")), cmd.toString());
        }
        // forms the short archive does not hold: a JSON listing, a signal that binds jnr-ffi, events
        for (List<String> args : List.of(List.of("list", "--format", "json"), List.of("ls", "-f", "json"), List.of("ps", "--format=json", "c1"),
                List.of("kill", "c1", "USR2"), List.of("--root", "/r", "kill", "-a", "c1", "HUP"), List.of("events", "c1"))) {
            List<String> cmd = launch(args.toArray(String[]::new));
            assertTrue(cmd.contains("-XX:SharedArchiveFile=" + home.resolve("target/mini-container.jsa")), cmd.toString());
        }
        Files.setLastModifiedTime(target.resolve("mini-container-read.jsa"), FileTime.fromMillis(0));
        assertTrue(launch("state", "c1").contains("-XX:SharedArchiveFile=" + home.resolve("target/mini-container-short.jsa")),
                "a state/list/ps archive older than the jar: the short one");
        Files.setLastModifiedTime(target.resolve("mini-container-short.jsa"), FileTime.fromMillis(0));
        assertTrue(launch("state", "c1").contains("-XX:SharedArchiveFile=" + home.resolve("target/mini-container.jsa")),
                "a short archive older than the jar as well: the full one");
    }

    private List<String> launch(String... args) throws Exception {
        String[] command = new String[args.length + 1];
        command[0] = base.resolve("bin/mini-container").toString();
        System.arraycopy(args, 0, command, 1, args.length);
        ProcessBuilder pb = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().putAll(env);
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "did not finish: " + String.join(" ", command));
        assertEquals(0, p.exitValue(), new String(err));
        assertEquals("", new String(err), "nothing on stderr");
        return Arrays.asList(new String(out).strip().split("\\s+"));
    }

    /** A {@code java} that prints "java<name>" and its arguments; returns its bin dir. */
    private static Path fakeJava(Path home, String name) throws IOException {
        Path bin = Files.createDirectories(home.resolve("bin"));
        Path java = bin.resolve("java");
        Files.writeString(java, "#!/bin/sh\necho java" + name + " \"$@\"\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwx------"));
        return bin;
    }
}
