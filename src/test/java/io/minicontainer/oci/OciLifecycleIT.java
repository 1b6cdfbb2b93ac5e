package io.minicontainer.oci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The OCI lifecycle as clients drive it: one process per verb, every runtime-spec MUST. */
class OciLifecycleIT {
    private OciFixture fx;
    private OciCli cli;

    @BeforeEach
    void setUp() throws Exception {
        fx = new OciFixture();
        cli = fx.cli;
    }

    @AfterEach
    void tearDown() throws Exception { fx.close(); }

    @Test
    void createStartRunsToCompletionAndStateNoticesTheExitByItself() throws Exception {
        String id = OciFixture.newId("life");
        Path bundle = fx.bundle("b", "/bin/sh", "-c", "echo hello-from-container; exit 3");
        Path out = fx.work.resolve("out"), err = fx.work.resolve("err"), pidFile = fx.work.resolve("pid");

        OciCli.Result created = cli.create(id, bundle, out, err, "--pid-file", pidFile.toString());
        assertEquals(0, created.code(), created.toString());
        JsonNode state = fx.state(id);
        assertEquals("created", state.get("status").asText());
        assertEquals(id, state.get("id").asText());
        assertEquals(bundle.toString(), state.get("bundle").asText());
        int pid = state.get("pid").asInt();
        assertEquals(Integer.toString(pid), Files.readString(pidFile), "--pid-file holds the pid state reports");
        assertTrue(OciFixture.alive(pid));
        assertEquals(List.of(pid), holdersOf(out), "only the waiting container process may hold create's stdout");
        assertEquals("", Files.readString(out), "nothing runs before start");

        OciCli.Result started = cli.run("start", id);
        assertEquals(0, started.code(), started.toString());
        assertEquals("hello-from-container\n", OciFixture.awaitContent(out, "hello-from-container"));
        fx.awaitStatus(id, "stopped");
        assertEquals(0, fx.state(id).get("pid").asInt(), "a stopped container has no pid");

        OciCli.Result deleted = cli.run("delete", id);
        assertEquals(0, deleted.code(), "deleting a stopped container needs no --force: " + deleted);
        fx.assertGone(id);
    }

    @Test
    void duplicateIdFailsAndLeavesTheFirstContainerAlone() throws Exception {
        String id = OciFixture.newId("dup");
        Path bundle = fx.bundle("b", "/bin/true");
        assertEquals(0, cli.create(id, bundle, fx.work.resolve("o1"), fx.work.resolve("e1")).code());
        int pid = fx.state(id).get("pid").asInt();
        OciCli.Result again = cli.create(id, bundle, fx.work.resolve("o2"), fx.work.resolve("e2"));
        assertNotEquals(0, again.code());
        assertTrue(again.err().contains("already exists"), again.toString());
        assertEquals("created", fx.status(id));
        assertEquals(pid, fx.state(id).get("pid").asInt());
    }

    @Test
    void everyVerbFailsForAMissingId() throws Exception {
        // except delete --force, which exits 0 silently as runc's does (EngineCallsCliTest)
        for (String[] verb : List.of(new String[] {"state"}, new String[] {"start"}, new String[] {"kill"},
                new String[] {"delete"}, new String[] {"pause"}, new String[] {"ps"}, new String[] {"exec", "--dry-run"},
                new String[] {"update", "--pids-limit", "5"})) {
            List<String> args = new ArrayList<>(List.of(verb));
            args.add("no-such-container");
            OciCli.Result r = cli.run(args.toArray(String[]::new));
            assertEquals(65, r.code(), args + ": " + r);
            assertTrue(r.err().contains("does not exist"), args + ": " + r);
            assertEquals(1, r.err().lines().count(), "one line, no stack trace: " + r);
        }
        assertFalse(Files.exists(cli.root.resolve(".no-such-container.lock")), "verbs on an unknown id leave no lock file");
    }

    @Test
    void invalidIdCharactersAreRefused() throws Exception {
        Path bundle = fx.bundle("b", "/bin/true");
        for (String id : List.of("../escape", "a/b", ".hidden", "with space")) {
            OciCli.Result r = cli.create(id, bundle, fx.work.resolve("o"), fx.work.resolve("e"));
            assertEquals(65, r.code(), id + ": " + r);
            assertTrue(r.err().contains("invalid container id"), r.toString());
        }
        if (Files.exists(cli.root)) {
            try (Stream<Path> s = Files.list(cli.root)) {
                assertEquals(List.of(), s.toList(), "a refused id creates nothing");
            }
        }
    }

    @Test
    void deletingACreatedContainerWithoutForceFailsAndChangesNothing() throws Exception {
        String id = OciFixture.newId("nodel");
        assertEquals(0, cli.create(id, fx.bundle("b", "/bin/true"), fx.work.resolve("o"), fx.work.resolve("e")).code());
        int pid = fx.state(id).get("pid").asInt();
        OciCli.Result r = cli.run("delete", id);
        assertNotEquals(0, r.code());
        assertTrue(r.err().contains("is created"), r.toString());
        assertEquals("created", fx.status(id));
        assertTrue(OciFixture.alive(pid));
        assertFalse(OciFixture.cgroupDirs(id).isEmpty(), "cgroups still there");

        assertEquals(0, cli.run("delete", "--force", id).code());
        assertFalse(OciFixture.alive(pid));
        fx.assertGone(id);
    }

    @Test
    void deletingARunningContainerWithoutForceFailsThenForceKillsIt() throws Exception {
        String id = OciFixture.newId("run");
        Path out = fx.work.resolve("o");
        assertEquals(0, cli.create(id, fx.bundle("b", "/bin/sh", "-c", "echo up; exec sleep 60"), out, fx.work.resolve("e")).code());
        assertEquals(0, cli.run("start", id).code());
        OciFixture.awaitContent(out, "up");
        assertEquals("running", fx.status(id));
        int pid = fx.state(id).get("pid").asInt();
        assertNotEquals(0, cli.run("delete", id).code());
        assertEquals("running", fx.status(id));
        OciCli.Result r = cli.run("delete", "--force", id);
        assertEquals(0, r.code(), r.toString());
        assertFalse(OciFixture.alive(pid));
        fx.assertGone(id);
    }

    @Test
    void startTwiceFailsTheSecondTime() throws Exception {
        String id = OciFixture.newId("twice");
        Path out = fx.work.resolve("o");
        assertEquals(0, cli.create(id, fx.bundle("b", "/bin/sh", "-c", "echo once; exec sleep 60"), out, fx.work.resolve("e")).code());
        assertEquals(0, cli.run("start", id).code());
        OciCli.Result second = cli.run("start", id);
        assertNotEquals(0, second.code());
        assertTrue(second.err().contains("is running"), second.toString());
        assertEquals("once\n", OciFixture.awaitContent(out, "once"));
        assertEquals(0, cli.run("kill", id, "KILL").code());
        fx.awaitStatus(id, "stopped");
        OciCli.Result third = cli.run("start", id);
        assertNotEquals(0, third.code(), "starting a stopped container fails");
        assertTrue(third.err().contains("is stopped"), third.toString());
    }

    @Test
    void killAcceptsNumbersNamesAndSigNamesAndFailsOnceStopped() throws Exception {
        String id = OciFixture.newId("kill");
        Path out = fx.work.resolve("o");
        String script = "trap 'echo got-usr1' USR1; trap 'echo got-term; exit 0' TERM; echo ready; while true; do sleep 0.05; done";
        assertEquals(0, cli.create(id, fx.bundle("b", "/bin/sh", "-c", script), out, fx.work.resolve("e")).code());
        assertEquals(0, cli.run("kill", id, "0").code(), "signalling a created container succeeds");
        assertEquals(0, cli.run("start", id).code());
        OciFixture.awaitContent(out, "ready");
        assertEquals(0, cli.run("kill", id, "USR1").code());
        OciFixture.awaitContent(out, "got-usr1");
        assertEquals(0, cli.run("kill", id, "SIGUSR1").code());
        assertEquals(0, cli.run("kill", id, "10").code());
        assertEquals(0, cli.run("kill", id).code(), "default TERM");
        OciFixture.awaitContent(out, "got-term");
        fx.awaitStatus(id, "stopped");
        OciCli.Result r = cli.run("kill", id, "TERM");
        assertNotEquals(0, r.code(), "killing a stopped container fails");
        assertTrue(r.err().contains("is stopped"), r.toString());
        OciCli.Result bad = cli.run("kill", id, "NOPE");
        assertEquals(65, bad.code());
        assertTrue(bad.err().contains("unknown signal"), bad.toString());
    }

    @Test
    void pauseAndResumeUseTheFreezer() throws Exception {
        String id = OciFixture.newId("pause");
        Path out = fx.work.resolve("o");
        assertEquals(0, cli.create(id, fx.bundle("b", "/bin/sh", "-c", "i=0; while true; do i=$((i+1)); echo $i; sleep 0.05; done"),
                out, fx.work.resolve("e")).code());
        assertEquals(0, cli.run("start", id).code());
        OciFixture.awaitContent(out, "3\n");
        assertEquals(0, cli.run("pause", id).code());
        assertEquals("paused", fx.status(id));
        long size = Files.size(out);
        Thread.sleep(300);
        assertEquals(size, Files.size(out), "a paused container makes no progress");
        OciCli.Result ps = cli.run("ps", "--format", "json", id);
        assertEquals(0, ps.code(), ps.toString());
        assertTrue(OciFixture.JSON.readTree(ps.out()).size() >= 1, ps.out());
        assertNotEquals(0, cli.run("pause", id).code(), "pausing a paused container fails");
        assertEquals(0, cli.run("resume", id).code());
        assertEquals("running", fx.status(id));
        long deadline = System.currentTimeMillis() + 5000;
        while (Files.size(out) == size) {
            assertTrue(System.currentTimeMillis() < deadline, "resumed container makes progress");
            Thread.sleep(20);
        }
        assertEquals(0, cli.run("delete", "--force", id).code());
        fx.assertGone(id);
    }

    @Test
    void listShowsContainersAsTableAndJson() throws Exception {
        String a = OciFixture.newId("list-a"), b = OciFixture.newId("list-b");
        Path bundle = fx.bundle("b", "/bin/true");
        assertEquals(0, cli.create(a, bundle, fx.work.resolve("o"), fx.work.resolve("e")).code());
        assertEquals(0, cli.create(b, bundle, fx.work.resolve("o"), fx.work.resolve("e")).code());
        OciCli.Result table = cli.run("list");
        assertEquals(0, table.code());
        assertTrue(table.out().startsWith("ID"), table.out());
        assertTrue(table.out().contains(a) && table.out().contains(b), table.out());
        JsonNode json = OciFixture.JSON.readTree(cli.run("list", "--format", "json").out());
        assertEquals(2, json.size());
        for (JsonNode c : json) assertEquals("created", c.get("status").asText());
    }

    @Test
    void featuresDescribeTheRuntime() throws Exception {
        OciCli.Result r = cli.run("features");
        assertEquals(0, r.code(), r.toString());
        JsonNode f = OciFixture.JSON.readTree(r.out());
        assertEquals("1.0.0", f.get("ociVersionMin").asText());
        assertTrue(f.get("hooks").toString().contains("createRuntime"));
        assertTrue(f.get("mountOptions").toString().contains("\"rbind\""));
        assertTrue(f.at("/linux/namespaces").toString().contains("\"pid\""));
        assertTrue(f.at("/linux/capabilities").toString().contains("CAP_SYS_ADMIN"));
        assertFalse(f.at("/linux/cgroup/systemd").asBoolean(true));
        assertTrue(f.at("/linux/cgroup/v1").asBoolean());
        assertTrue(f.get("annotations").isObject());
    }

    @Test
    void systemdCgroupIsRefusedAndErrorsGoToTheJsonLog() throws Exception {
        Path log = fx.work.resolve("log.json");
        OciCli.Result r = new OciCli(cli.root).run("--log", log.toString(), "--log-format", "json", "--systemd-cgroup", "state", "x");
        // --root comes first from OciCli; the global flags after it are still before the verb
        assertEquals(65, r.code(), r.toString());
        assertTrue(r.err().contains("--systemd-cgroup is not supported"), r.toString());
        JsonNode line = OciFixture.JSON.readTree(Files.readAllLines(log).get(0));
        assertEquals("error", line.get("level").asText());
        assertTrue(line.get("msg").asText().contains("systemd"));
        assertTrue(line.hasNonNull("time"));

        OciCli.Result missing = cli.run("--log", log.toString(), "--log-format", "json", "start", "nope");
        assertNotEquals(0, missing.code());
        List<String> lines = Files.readAllLines(log);
        assertTrue(OciFixture.JSON.readTree(lines.get(lines.size() - 1)).get("msg").asText().contains("does not exist"), lines.toString());

        OciCli.Result usage = cli.run("--log", log.toString(), "--log-format", "json", "kill");
        assertEquals(64, usage.code(), usage.toString());
        lines = Files.readAllLines(log);
        assertTrue(OciFixture.JSON.readTree(lines.get(lines.size() - 1)).get("msg").asText().contains("Missing required parameter"), lines.toString());
    }

    @Test
    void aForegroundRunIsVisibleToStateListAndKill() throws Exception {
        String id = OciFixture.newId("fg");
        Path bundle = fx.bundle("b", "/bin/sh", "-c", "echo fg-up; exec sleep 60");
        Path out = fx.work.resolve("run.out");
        Process run = new ProcessBuilder(cli.command("run", "--id", id, bundle.toString()))
                .redirectOutput(out.toFile()).redirectErrorStream(true).start();
        try {
            OciFixture.awaitContent(out, "fg-up");
            JsonNode state = fx.state(id);
            assertEquals("running", state.get("status").asText());
            assertEquals(bundle.toString(), state.get("bundle").asText());
            assertTrue(cli.run("list", "--format", "json").out().contains(id));
            assertEquals(0, cli.run("kill", id, "KILL").code());
            assertTrue(run.waitFor(30, java.util.concurrent.TimeUnit.SECONDS));
            assertEquals(137, run.exitValue(), "run still reports the container's status");
            fx.assertGone(id);
        } finally {
            run.destroyForcibly();
        }
    }

    @Test
    void versionNamesTheSpec() throws Exception {
        OciCli.Result r = cli.run("--version");
        assertEquals(0, r.code());
        assertTrue(r.out().contains("spec: 1."), r.out());
    }

    /** Pids whose stdout (fd 1) is {@code file}. */
    private static List<Integer> holdersOf(Path file) throws Exception {
        List<Integer> holders = new ArrayList<>();
        String target = file.toRealPath().toString();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.toList()) {
                String name = p.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) continue;
                try {
                    if (Files.readSymbolicLink(p.resolve("fd/1")).toString().equals(target)) holders.add(Integer.parseInt(name));
                } catch (Exception ignored) {
                    // gone, or a kernel thread
                }
            }
        }
        return holders;
    }
}
