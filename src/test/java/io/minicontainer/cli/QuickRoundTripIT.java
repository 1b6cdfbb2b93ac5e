package io.minicontainer.cli;

import static io.minicontainer.cli.QuickCli.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * --print-config writes the config the quick form stands for; `run`/`plan` on it must give the same
 * plan (same --id) and the same container output. The quick form writes nothing beside the rootfs.
 */
class QuickRoundTripIT {
    static final String PROBE = "grep -E '^(Uid|Gid|Cap)' /proc/self/status; ulimit -n; hostname; echo pid=$$; ls /dev | head -3";
    static Path work;
    static Path rootfs;

    @BeforeAll
    static void rootfs() throws Exception {
        assertEquals("root", System.getProperty("user.name"), "container tests run as root");
        work = QuickCli.workDir(QuickRoundTripIT.class);
        rootfs = QuickCli.freshRootfs(Files.createDirectories(work.resolve("images")), "rootfs");
    }

    static Stream<List<String>> optionSets() {
        return Stream.of(
                List.of(),
                List.of("--nproc", "5", "--memory", "1048"),
                List.of("--cap-drop", "ALL", "--cap-add", "NET_BIND_SERVICE", "--user", "1000:100"),
                List.of("-u", "0", "-m", "1g", "--cap-drop", "kill"));
    }

    @ParameterizedTest
    @MethodSource("optionSets")
    void thePrintedConfigPlansAndRunsTheSame(List<String> options) throws Exception {
        Path bundle = Files.createDirectories(work.resolve("bundle-" + Math.abs(options.hashCode())));
        QuickCli.Result printed = run(work, quick(options, "--print-config"));
        assertEquals(0, printed.exit(), printed.toString());
        Files.writeString(bundle.resolve("config.json"), printed.out());

        String id = QuickCli.uniqueId("quick-rt");
        QuickCli.Result quickPlan = run(work, quick(options, "--dry-run", "--id", id));
        QuickCli.Result runPlan = run(work, "run", bundle.toString(), "--dry-run", "--id", id);
        QuickCli.Result planVerb = run(work, "plan", bundle.toString(), "--id", id);
        assertEquals(0, quickPlan.exit(), quickPlan.toString());
        assertTrue(quickPlan.out().startsWith("plan for container " + id), quickPlan.toString());
        assertEquals(quickPlan.out(), runPlan.out(), "run --dry-run on the printed config");
        assertEquals(quickPlan.out(), planVerb.out(), "plan on the printed config");

        QuickCli.Result quickRun = run(work, quick(options));
        QuickCli.Result bundleRun = run(work, "run", bundle.toString());
        assertEquals(0, quickRun.exit(), quickRun.toString());
        assertEquals(quickRun.out(), bundleRun.out(), "same container output");
        assertEquals(quickRun.exit(), bundleRun.exit());
        assertTrue(quickRun.out().contains("pid=1"), quickRun.toString());
    }

    @Test
    void theQuickFormWritesNothingBesideTheRootfsAndLeavesNoTempBundle() throws Exception {
        List<String> before = listing(rootfs.getParent());
        long tempBundles = tempBundles();
        QuickCli.Result r = run(work, quick(List.of()));
        assertEquals(0, r.exit(), r.toString());
        assertEquals(before, listing(rootfs.getParent()));
        assertEquals(tempBundles, tempBundles(), "the temporary bundle dir is removed");
        QuickCli.Result failed = run(work, "/bin/nothere", rootfs.toString());
        assertEquals(ExitCode.INVALID_INPUT, failed.exit(), failed.toString());
        assertEquals(tempBundles, tempBundles(), "also after a failure");
    }

    @Test
    void anInvalidPrintedConfigIsStillPrintedAndTheDiagnosticsPointIntoIt() throws Exception {
        QuickCli.Result r = run(work, "/bin/nothere", rootfs.toString(), "--nproc", "0", "--print-config");
        assertEquals(ExitCode.INVALID_INPUT, r.exit(), r.toString());
        List<String> lines = r.out().lines().toList();
        int line = 0;
        for (int i = 0; i < lines.size(); i++) if (lines.get(i).contains("\"limit\" : 0")) line = i + 1;
        assertTrue(line > 0, r.toString());
        assertTrue(r.err().contains("quick-config.json:" + line + ":") && r.err().contains("/linux/resources/pids/limit"), r.toString());
    }

    private static String[] quick(List<String> options, String... more) {
        List<String> args = new ArrayList<>(List.of("/bin/sh", rootfs.toString()));
        args.addAll(options);
        args.addAll(Arrays.asList(more));
        args.addAll(List.of("--", "-c", PROBE));
        return args.toArray(String[]::new);
    }

    private static List<String> listing(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static long tempBundles() throws Exception {
        try (Stream<Path> s = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return s.filter(p -> p.getFileName().toString().startsWith("mc-quick-") && Files.isDirectory(p)).count();
        }
    }
}
