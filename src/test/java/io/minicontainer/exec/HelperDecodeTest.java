package io.minicontainer.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minicontainer.plan.NativeStep;
import io.minicontainer.plan.Plan;
import io.minicontainer.plan.PlanRequest;
import io.minicontainer.plan.Planner;
import io.minicontainer.plan.TestFacts;
import io.minicontainer.plan.Where;
import io.minicontainer.spec.SpecLoader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The root-free seam below the plan: {@code mc-helper --decode} parses a step list with the same
 * code and checks as a real start and prints what it would execute, executing nothing. For every
 * example, the helper must read back exactly the steps Java planned (op, ints, strings, where they
 * run); malformed lists must be refused with a protocol error, never a crash.
 */
class HelperDecodeTest {
    private static final Path BASE = Path.of(System.getProperty("mc.basedir", "")).toAbsolutePath();
    private static final Path HELPER = Path.of(System.getProperty("mc.helper", BASE.resolve("target/mc-helper").toString()));

    record Decoded(int exit, List<String> lines) {}

    static List<Path> examples() throws IOException {
        try (Stream<Path> s = Files.list(BASE.resolve("examples"))) {
            return s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
    }

    @ParameterizedTest
    @MethodSource("examples")
    void theHelperReadsBackEveryPlannedStep(Path example) throws Exception {
        Plan plan = Planner.plan(SpecLoader.load(example).spec(), PlanRequest.forRun("decode", "/bundle"), TestFacts.hybrid());
        List<IndexedStep> steps = StepEncoder.nativeSteps(plan);
        Decoded d = decode(StepEncoder.encode(steps, 0));
        assertEquals(0, d.exit(), String.join("\n", d.lines()));
        List<String> expected = steps.stream().map(HelperDecodeTest::expectedLine).toList();
        assertEquals(expected, d.lines(), example.getFileName() + ": what Java planned and what the helper decoded differ");
    }

    @Test
    void everyTruncationOfAPlanIsAShortRead() throws Exception {
        byte[] whole = StepEncoder.encode(StepEncoder.nativeSteps(
                Planner.plan(SpecLoader.load(BASE.resolve("examples/minimal.json")).spec(), PlanRequest.forRun("t", "/b"), TestFacts.hybrid())), 0);
        Random random = new Random(42);
        for (int n = 0; n < 40; n++) {
            int cut = n < 20 ? n : random.nextInt(whole.length);
            Decoded d = decode(Arrays.copyOf(whole, cut));
            assertEquals(2, d.exit(), "cut at " + cut + ": " + d.lines());
            assertEquals(List.of("protocol-error 1"), d.lines(), "cut at " + cut); // 1 = short read
        }
    }

    @Test
    void randomAndOversizedListsAreRefusedNeverExecuted() throws Exception {
        Random random = new Random(7);
        byte[] header = {0x4d, 0x43, 0x48, 0x31, 1, 0, 0, 0, 0, 0, 0, 0};
        for (int n = 0; n < 40; n++) {
            byte[] junk = new byte[random.nextInt(200)];
            random.nextBytes(junk);
            if (n % 2 == 0) System.arraycopy(header, 0, junk = Arrays.copyOf(junk, Math.max(junk.length, 12)), 0, 12);
            Decoded d = decode(junk);
            assertEquals(2, d.exit(), "input " + n + ": " + d.lines());
            assertEquals(1, d.lines().size(), "input " + n + ": one protocol-error line: " + d.lines());
            assertTrue(d.lines().get(0).startsWith("protocol-error "), d.lines().toString());
        }
        // header with 2^32-1 steps: too large (4), decided before anything is allocated
        byte[] huge = Arrays.copyOf(header, 16);
        huge[12] = huge[13] = huge[14] = huge[15] = (byte) 0xff;
        assertEquals(List.of("protocol-error 4"), decode(huge).lines());
    }

    /**
     * SECCOMP_NOTIFY needs the parent (so comes after CLONE), a timeout that is not negative, and at least two
     * pieces of text (the top-level pid goes between them): three for a container's first process, two for exec.
     */
    @Test
    void aSeccompNotifyStepIsCheckedLikeTheOthers() throws Exception {
        io.minicontainer.spec.Spec.Seccomp profile = new io.minicontainer.spec.Spec.Seccomp("SCMP_ACT_ALLOW", null, null, null,
                List.of(new io.minicontainer.spec.Spec.SyscallRule(List.of("mkdir"), "SCMP_ACT_NOTIFY", null, null)), "/run/a.sock", null);
        io.minicontainer.seccomp.Filter filter = io.minicontainer.seccomp.SeccompCompiler.compile(profile);
        NativeStep clone = new NativeStep.Clone(0, "", 0, List.of());
        NativeStep good = new NativeStep.Seccomp(filter, new NativeStep.Listener("/run/a.sock", 10, List.of("{", ",", "}")), List.of());
        NativeStep negative = new NativeStep.Seccomp(filter, new NativeStep.Listener("/run/a.sock", -1, List.of("{", ",", "}")), List.of());
        NativeStep exec = new NativeStep.Seccomp(filter, new NativeStep.Listener("/run/a.sock", 10, List.of("{", "}")), List.of());
        Decoded ok = decode(StepEncoder.encodeInOrder(List.of(clone, good), 0));
        assertEquals(0, ok.exit(), ok.lines().toString());
        assertTrue(ok.lines().get(1).startsWith("1 child SECCOMP_NOTIFY ints=[" + filter.flags() + ",10] strs=["), ok.lines().toString());
        assertEquals(List.of("protocol-error 7"), decode(StepEncoder.encodeInOrder(List.of(good, clone), 0)).lines(), "before CLONE");
        assertEquals(List.of("protocol-error 6"), decode(StepEncoder.encodeInOrder(List.of(clone, negative), 0)).lines(), "negative timeout");
        Decoded twoPieces = decode(StepEncoder.encodeInOrder(List.of(clone, exec), 0));
        assertEquals(0, twoPieces.exit(), twoPieces.lines().toString());
        assertTrue(twoPieces.lines().get(1).endsWith(",\"/run/a.sock\",\"{\",\"}\"]"), twoPieces.lines().toString());
        // one piece: no room for the top-level pid. Java cannot build it (Listener refuses), so the bytes are cut by hand:
        // the header (16 bytes) and CLONE (16 + 2 ints) come first, then the step's op, index, nints, nstrs.
        byte[] bytes = StepEncoder.encodeInOrder(List.of(clone, exec), 0);
        byte[] onePiece = Arrays.copyOf(bytes, bytes.length - 5);  // the last string: length 1, "}"
        onePiece[60] = 3;
        assertEquals(List.of("protocol-error 6"), decode(onePiece).lines(), "one piece of text");
    }

    private static String expectedLine(IndexedStep s) {
        NativeStep step = s.step();
        String where = step.op() == io.minicontainer.plan.Op.CLONE || step.op() == io.minicontainer.plan.Op.CGROUP_JOIN && !beforeClone(s)
                || step.op() == io.minicontainer.plan.Op.WRITE_CHILD_FILE ? "parent" : step.where() == Where.HELPER ? "helper" : "child";
        String ints = Arrays.stream(step.ints()).mapToObj(Long::toString).collect(Collectors.joining(","));
        List<String> strs = new ArrayList<>();
        for (byte[] b : step.strBytes()) strs.add(quote(b));
        return s.planIndex() + " " + where + " " + step.op().name() + " ints=[" + ints + "] strs=[" + String.join(",", strs) + "]";
    }

    /** A CGROUP_JOIN before clone enters the cgroup (helper); after clone it leaves it (parent). */
    private static boolean beforeClone(IndexedStep s) {
        return s.step() instanceof NativeStep.CgroupJoin j && !j.leave();
    }

    private static String quote(byte[] b) {
        StringBuilder out = new StringBuilder("\"");
        for (byte x : b) {
            int c = x & 0xff;
            if (c == '"' || c == '\\') out.append('\\').append((char) c);
            else if (c >= 0x20 && c < 0x7f) out.append((char) c);
            else out.append(String.format("\\x%02x", c));
        }
        return out.append('"').toString();
    }

    private static Decoded decode(byte[] input) throws IOException, InterruptedException {
        assertTrue(Files.isExecutable(HELPER), HELPER + " is missing: run `mvn package` (the build compiles it)");
        Process p = new ProcessBuilder(HELPER.toString(), "--decode").redirectErrorStream(true).start();
        try (var in = p.getOutputStream()) {
            in.write(input);
        } catch (IOException closedEarly) {
            // the helper stops reading at the first error: the rest of the input is not needed
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(10, TimeUnit.SECONDS), "helper --decode did not finish");
        assertFalse(p.exitValue() > 128, "the helper crashed (signal " + (p.exitValue() - 128) + ")");
        return new Decoded(p.exitValue(), out.isEmpty() ? List.of() : List.of(out.split("\n")));
    }
}
