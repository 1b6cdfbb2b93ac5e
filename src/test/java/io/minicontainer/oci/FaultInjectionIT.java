package io.minicontainer.oci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minicontainer.testing.HostState;
import java.io.File;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * SIGKILLs `run`, `create` and `delete --force` at random moments (bounded in time: -Dfault.seconds,
 * default 40, over 3 workers), then `delete --force` must leave nothing of what the test made: no
 * cgroup named after the id, no state dir or lock file, no process of the container or helper.
 */
class FaultInjectionIT {
    private static final long BUDGET_MS = Long.getLong("fault.seconds", 40) * 1000;
    private static final int WORKERS = 3;

    private OciFixture fx;
    /** Worker w's containers run `sleep <base + w>`: a number no other process on the host has in its command line. */
    private int base;

    @BeforeEach
    void setUp() throws Exception {
        fx = new OciFixture();
        base = 3_000_000 + ThreadLocalRandom.current().nextInt(1_000_000);
    }

    @AfterEach
    void tearDown() throws Exception { fx.close(); }

    @Test
    void killingRunCreateAndDeleteAtRandomMomentsLeavesNothingAfterDeleteForce() throws Exception {
        long deadline = System.currentTimeMillis() + BUDGET_MS;
        Map<String, Integer> kills = new ConcurrentHashMap<>();
        AtomicInteger rounds = new AtomicInteger();
        List<String> problems = Collections.synchronizedList(new ArrayList<>());
        List<Thread> workers = new ArrayList<>();
        for (int w = 0; w < WORKERS; w++) {
            int worker = w;
            String token = Integer.toString(base + w);
            Path bundle = fx.bundle("b" + w, "sleep", token);
            Thread t = new Thread(() -> {
                int n = 0;
                while (System.currentTimeMillis() < deadline && problems.isEmpty()) {
                    String id = "fault-" + worker + "-" + n++;
                    String verb = List.of("run", "create", "delete").get(ThreadLocalRandom.current().nextInt(3));
                    try {
                        killAtRandom(verb, id, bundle);
                        kills.merge(verb, 1, Integer::sum);
                        String left = cleanUpAndFindLeftovers(id, token);
                        if (left != null) problems.add(verb + " " + id + ": " + left);
                        rounds.incrementAndGet();
                    } catch (Exception | AssertionError e) {
                        problems.add(verb + " " + id + ": " + e);
                    }
                }
            });
            t.start();
            workers.add(t);
        }
        for (Thread t : workers) t.join();
        System.out.println("fault injection: " + rounds.get() + " rounds, kills " + kills);
        assertEquals(List.of(), problems);
        assertTrue(rounds.get() >= 20, "too few rounds to mean anything: " + rounds.get());
        try (Stream<Path> s = Files.list(fx.cli.root)) {
            assertEquals(List.of(), s.filter(p -> !p.getFileName().toString().equals(".cache")).toList(), "the state root is empty");
        }
    }

    /** Starts {@code verb} and SIGKILLs it somewhere between its start and (usually) its end. */
    private void killAtRandom(String verb, String id, Path bundle) throws Exception {
        List<String> args = switch (verb) {
            case "run" -> fx.cli.command("run", "--id", id, bundle.toString());
            case "create" -> fx.cli.command("create", "--bundle", bundle.toString(), id);
            default -> {
                OciCli.Result created = fx.cli.create(id, bundle, fx.work.resolve("create.out"), fx.work.resolve("create.err"));
                if (created.code() != 0) throw new AssertionError("create before delete: " + created);
                yield fx.cli.command("delete", "--force", id);
            }
        };
        Process p = new ProcessBuilder(args).redirectInput(Redirect.from(new File("/dev/null")))
                .redirectOutput(Redirect.DISCARD).redirectError(Redirect.DISCARD).start();
        Thread.sleep(ThreadLocalRandom.current().nextInt(verb.equals("delete") ? 600 : 900));
        p.destroyForcibly();
        if (!p.waitFor(10, TimeUnit.SECONDS)) throw new AssertionError(verb + " did not die");
    }

    /** delete --force, then what is left of {@code id} (null when nothing). */
    private String cleanUpAndFindLeftovers(String id, String token) throws Exception {
        OciCli.Result r = fx.cli.run("delete", "--force", id);
        boolean gone = r.code() == 0 || (r.code() == 65 && r.err().contains("does not exist"));
        if (!gone) return "delete --force failed: " + r;
        List<String> left = new ArrayList<>();
        for (Path p : OciFixture.cgroupDirs(id)) left.add("cgroup " + p);
        if (Files.exists(fx.cli.root.resolve(id))) left.add("state dir");
        if (Files.exists(fx.cli.root.resolve("." + id + ".lock"))) left.add("lock file");
        for (String line : HostState.mountinfoLines()) if (line.contains(fx.work.toString())) left.add("mount " + line);
        // the container is reaped by init once its helper is gone: give it a moment
        long until = System.currentTimeMillis() + 3000;
        List<String> procs;
        while (!(procs = ourProcesses(id, token)).isEmpty() && System.currentTimeMillis() < until) Thread.sleep(20);
        left.addAll(procs);
        return left.isEmpty() ? null : String.join("; ", left);
    }

    /** Live processes of this test: the container (`sleep <token>`) or a helper whose socket is under the id's dir. */
    private List<String> ourProcesses(String id, String token) throws IOException {
        List<String> found = new ArrayList<>();
        String idDir = fx.cli.root.resolve(id).toString();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.filter(q -> q.getFileName().toString().matches("\\d+")).toList()) {
                try {
                    String cmd = new String(Files.readAllBytes(p.resolve("cmdline"))).replace('\0', ' ');
                    boolean ours = cmd.contains(idDir + "/") || cmd.equals("sleep " + token + " ");
                    if (ours && OciFixture.alive(Integer.parseInt(p.getFileName().toString()))) found.add("process " + p.getFileName() + " " + cmd);
                } catch (IOException gone) {
                    // exited meanwhile
                }
            }
        }
        return found;
    }
}
