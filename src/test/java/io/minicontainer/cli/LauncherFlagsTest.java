package io.minicontainer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/mini-container's JVM flags are the one list: the class-data archive is dumped with them (an archive
 * dumped under another GC is ignored, or its archived heap is), and the benchmarks' empty-JVM floor is
 * started with the flags of the launcher under test. Each script runs here against a recording fake
 * {@code java}, so nothing is dumped or timed.
 */
class LauncherFlagsTest {
    private static final Path REPO = Path.of("").toAbsolutePath();

    @Test
    void theArchiveIsDumpedWithTheLaunchersFlags(@TempDir Path tmp) throws Exception {
        Path base = tmp.resolve("base");
        Files.createDirectories(base.resolve("bin"));
        Files.createDirectories(base.resolve("scripts"));
        Files.createDirectories(base.resolve("target"));
        Files.copy(REPO.resolve("bin/mini-container"), base.resolve("bin/mini-container"));
        Files.copy(REPO.resolve("scripts/build-cds-archive.sh"), base.resolve("scripts/build-cds-archive.sh"));
        Files.writeString(base.resolve("target/mini-container.jar"), ""); // the launcher only checks that it is there
        Path log17 = tmp.resolve("java17.args");
        Path log25 = tmp.resolve("java25.args");
        Path bin17 = fakeJava(tmp.resolve("jdk17"), log17, 0); // "succeeds", writing a one-line class list or archive
        fakeJava(tmp.resolve("jdk25"), log25, 1);
        Map<String, String> env = Map.of("PATH", bin17 + ":" + System.getenv("PATH"), "MC_JDK25_HOME", tmp.resolve("jdk25").toString(),
                "MC_JDK", "25"); // MC_JDK in the caller's environment must not change what the build dumps with

        List<String> launcher = words(run(env, "env", "-u", "MC_JDK", "MC_PRINT_JVM_FLAGS=1", base.resolve("bin/mini-container").toString()));
        assertEquals("java", launcher.get(0));
        List<String> flags = launcher.subList(1, launcher.size());
        assertTrue(flags.stream().anyMatch(f -> f.matches("-XX:\\+Use\\w+GC")), "the launcher names its GC: " + flags);

        run(env, "bash", base.resolve("scripts/build-cds-archive.sh").toString(), base.toString());

        List<String> all = Files.readAllLines(log17);
        List<String> calls = new ArrayList<>();
        for (String call : all) if (call.contains("-XX:DumpLoadedClassList=") || call.contains("-Xshare:dump")) calls.add(call);
        assertEquals(6, calls.size(), "for each archive (every verb's, the short verbs', state/list/ps'), the training run, then the dump: " + all);
        assertEquals(8, all.size(), "and the read workload's container made and removed by JVMs of their own: " + all);
        for (String call : all) {
            if (call.contains("read-setup") || call.contains("read-teardown")) assertEquals(flags, words(call).subList(0, flags.size()), call);
        }
        for (int i = 0; i < 6; i += 2) {
            List<String> trainedWith = words(calls.get(i));
            assertEquals(flags, trainedWith.subList(0, flags.size()), "the class list's training flags");
            assertTrue(trainedWith.get(flags.size()).startsWith("-XX:DumpLoadedClassList="), trainedWith.toString());
            List<String> dumped = words(calls.get(i + 1));
            assertEquals(flags, dumped.subList(0, flags.size()), "the archive's dump flags");
            assertEquals("-Xshare:dump", dumped.get(flags.size()), dumped.toString());
        }
        assertTrue(words(calls.get(0)).contains("all") && words(calls.get(2)).contains("short") && words(calls.get(4)).contains("read"),
                "the workloads: " + calls);
        assertTrue(Files.exists(base.resolve("target/mini-container.jsa")) && Files.exists(base.resolve("target/mini-container-short.jsa"))
                && Files.exists(base.resolve("target/mini-container-read.jsa")));

        // a short workload that did not run cleanly (not root, no busybox) would train on error paths: no short archive
        Map<String, String> unclean = new java.util.HashMap<>(env);
        unclean.put("MC_TEST_SHORT_UNCLEAN", "1");
        // a JDK 25 whose training runs "succeed" too: the caches are held to the same clean workload
        fakeJava(tmp.resolve("jdk25ok"), tmp.resolve("java25ok.args"), 0);
        Files.writeString(tmp.resolve("jdk25ok/release"), "JAVA_RUNTIME_VERSION=\"25.0.1+8-LTS\"\n"); // recordable, were both made
        unclean.put("MC_JDK25_HOME", tmp.resolve("jdk25ok").toString());
        run(unclean, "bash", base.resolve("scripts/build-cds-archive.sh").toString(), base.toString());
        assertTrue(Files.exists(base.resolve("target/mini-container.jsa")), "the full archive is still made");
        assertFalse(Files.exists(base.resolve("target/mini-container-short.jsa")), "no short archive from an unclean workload");
        assertFalse(Files.exists(base.resolve("target/mini-container-read.jsa")), "nor a state/list/ps one");
        assertFalse(Files.exists(base.resolve("target/mini-container-short.aot")), "nor a short AOT cache");
        assertTrue(Files.exists(base.resolve("target/mini-container-long.aot")), "the long one's workload ran cleanly");
        assertFalse(Files.exists(base.resolve("target/mini-container.aot.jvm")), "one cache of two: MC_JDK=25 is not offered");

        List<String> expected25 = new ArrayList<>(flags);
        expected25.removeIf(f -> f.startsWith("-Xshare:"));
        expected25.replaceAll(f -> f.equals("-XX:+UseG1GC") ? "-XX:+UseSerialGC" : f);
        expected25.addAll(List.of("--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow", "-XX:-AOTReplayTraining"));
        List<String> trained = words(Files.readString(log25));
        assertEquals(expected25, trained.subList(0, expected25.size()), "the AOT cache's training flags");
        assertTrue(trained.get(expected25.size()).startsWith("-XX:AOTCacheOutput="), trained.toString());
    }

    @Test
    void theConcurrencyFloorUsesTheLauncherUnderTest(@TempDir Path tmp) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/bin/busybox")), "bench/concurrency.sh copies /bin/busybox (busybox-static)");
        Path calls = tmp.resolve("floor.args");
        Path java = fakeJava(tmp.resolve("jdk"), calls, 0).resolve("java");
        Path launcher = tmp.resolve("other-launcher");
        Files.writeString(launcher, "#!/bin/sh\n[ -n \"$MC_PRINT_JVM_FLAGS\" ] && echo " + java + " -Dmc.test.variant=1\n");
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwx------"));

        run(Map.of("MC_LAUNCHER", launcher.toString()), "bash", REPO.resolve("bench/concurrency.sh").toString(), "1", "1", "0", "empty-jvm");

        assertTrue(Files.exists(calls), "the floor did not start the JVM MC_LAUNCHER names");
        assertEquals(List.of("-Dmc.test.variant=1", "-cp"), words(Files.readString(calls)).subList(0, 2));
    }

    /**
     * A caller that ignores INT and HUP (a script's background job, nohup) passed SIG_IGN on to the JVM, which then
     * skips its handlers: `exec` and a `run` without the supervisor relayed neither to the container. They get
     * their defaults back; a verb that relays nothing keeps what its caller chose.
     */
    @Test
    void verbsThatRelaySignalsGetThemBackWhenTheCallerIgnoresThem(@TempDir Path tmp) throws Exception {
        Path base = launcherCheckout(tmp);
        Path bin = script(Files.createDirectories(tmp.resolve("jdk/bin")).resolve("java"), "#!/bin/sh\nexec grep '^SigIgn:' /proc/self/status\n").getParent();
        Map<String, String> env = Map.of("PATH", bin + ":" + System.getenv("PATH"), "MC_NO_SUPERVISOR", "1");
        String launcher = base.resolve("bin/mini-container").toString();
        long intAndHup = 0x3;
        String ignoring = "trap '' INT HUP; exec \"$@\"";
        assertEquals(intAndHup, ignored(run(env, "bash", "-c", ignoring, "bash", launcher, "state", "c1")) & intAndHup,
                "the setup ignores them, and state keeps that");
        assertEquals(0, ignored(run(env, "bash", "-c", ignoring, "bash", launcher, "exec", "c1", "true")) & intAndHup, "exec");
        assertEquals(0, ignored(run(env, "bash", "-c", ignoring, "bash", launcher, "run", "b")) & intAndHup, "run");
        assertEquals(0, ignored(run(env, "bash", "-c", ignoring, "bash", launcher, "true", "/rootfs")) & intAndHup, "the quick form");
    }

    /**
     * Called by its path, the launcher runs no program before java: readlink and dirname (and /bin/pwd) cost ~1 ms
     * each of a ~30 ms floor (launcher alone 8.1-9.1 ms before, 3.9-4.2 ms after, 200 calls, 3 rounds). Here
     * PATH holds only bash and the fake java. Through a symlink it still finds its checkout.
     */
    @Test
    void theLauncherStartsNoOtherProgramBeforeJava(@TempDir Path tmp) throws Exception {
        Path base = launcherCheckout(tmp);
        Path bin = Files.createDirectories(tmp.resolve("only"));
        Files.createSymbolicLink(bin.resolve("bash"), Path.of("/bin/bash"));
        script(bin.resolve("java"), "#!/bin/bash\necho \"$@\"\n");
        String home = "-Dmc.home=" + base.toRealPath();
        List<String> args = words(run(Map.of("PATH", bin.toString()), base.resolve("bin/mini-container").toString(), "state", "c1"));
        assertTrue(args.contains(home), args.toString());

        Path link = tmp.resolve("elsewhere/mc");
        Files.createDirectories(link.getParent());
        Files.createSymbolicLink(link, base.resolve("bin/mini-container"));
        args = words(run(Map.of("PATH", bin + ":" + System.getenv("PATH")), link.toString(), "state", "c1"));
        assertTrue(args.contains(home), "through a symlink: " + args);
    }

    /** A checkout holding only the launcher and an empty jar (the launcher only checks that the jar is there). */
    private static Path launcherCheckout(Path tmp) throws IOException {
        Path base = tmp.resolve("base");
        Files.createDirectories(base.resolve("bin"));
        Files.createDirectories(base.resolve("target"));
        Files.copy(REPO.resolve("bin/mini-container"), base.resolve("bin/mini-container"));
        Files.writeString(base.resolve("target/mini-container.jar"), "");
        return base;
    }

    private static Path script(Path path, String text) throws IOException {
        Files.writeString(path, text);
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwx------"));
        return path;
    }

    private static long ignored(String statusLine) {
        return Long.parseUnsignedLong(statusLine.strip().substring("SigIgn:".length()).strip(), 16);
    }

    /**
     * A {@code java} that appends its arguments to {@code log}, writes a one-line class list where it is
     * asked for one (so the archive script goes on to its dump step), and exits with {@code status};
     * returns its bin dir.
     */
    private static Path fakeJava(Path home, Path log, int status) throws IOException {
        Path bin = Files.createDirectories(home.resolve("bin"));
        Path java = bin.resolve("java");
        Files.writeString(java, "#!/bin/sh\necho \"$@\" >>'" + log + "'\n"
                + "unclean=; for a; do case \"$a\" in short|read) [ -n \"${MC_TEST_SHORT_UNCLEAN:-}\" ] && unclean=1 ;; esac; done\n"
                + "for a; do case \"$a\" in -XX:DumpLoadedClassList=*|-XX:SharedArchiveFile=*|-XX:AOTCacheOutput=*) echo java/lang/Object >\"${a#*=}\" ;;\n"
                + "  io.minicontainer.bench.ArchiveWorkload) if [ -n \"$unclean\" ]; then echo 'archive workload: 1 step(s) did not' >&2;\n"
                + "    else echo 'archive workload: all steps ran as expected' >&2; fi ;; esac; done\n"
                + "exit " + status + "\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwx------"));
        return bin;
    }

    private static String run(Map<String, String> env, String... command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().putAll(env);
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "did not finish: " + String.join(" ", command));
        String text = new String(out);
        assertEquals(0, p.exitValue(), String.join(" ", command) + "\n" + text);
        return text;
    }

    private static List<String> words(String line) {
        return Arrays.asList(line.strip().split("\\s+"));
    }
}
