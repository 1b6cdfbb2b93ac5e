package io.minicontainer.oci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.minicontainer.testing.BusyboxRootfs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** OCI hooks: state JSON on stdin, env, timeout; failures of create-time hooks undo create. */
class OciHooksIT {
    private static final List<String> STAGES = List.of("prestart", "createRuntime", "createContainer", "startContainer", "poststart", "poststop");

    private OciFixture fx;
    private OciCli cli;

    @BeforeEach
    void setUp() throws Exception {
        fx = new OciFixture();
        cli = fx.cli;
    }

    @AfterEach
    void tearDown() throws Exception { fx.close(); }

    private static void hook(ObjectNode config, String stage, String script, Integer timeout, String... env) {
        ObjectNode hooks = config.has("hooks") ? (ObjectNode) config.get("hooks") : config.putObject("hooks");
        ArrayNode list = hooks.has(stage) ? (ArrayNode) hooks.get(stage) : hooks.putArray(stage);
        ObjectNode h = list.addObject();
        h.put("path", "/bin/sh");
        h.putArray("args").add("sh").add("-c").add(script);
        if (env.length > 0) {
            ArrayNode e = h.putArray("env");
            for (String kv : env) e.add(kv);
        }
        if (timeout != null) h.put("timeout", timeout);
    }

    @Test
    void everyStageGetsTheStateOnStdinAtTheRightTime() throws Exception {
        String id = OciFixture.newId("hooks");
        Path record = Files.createDirectories(fx.work.resolve("hooks"));
        Path bundle = fx.bundle("b", List.of("/bin/sh", "-c", "echo ran"), config -> {
            config.putObject("annotations").put("org.example.key", "value");
            for (String stage : STAGES) {
                // startContainer runs inside the container, after pivot_root (read-only rootfs): it records on its stderr
                hook(config, stage, stage.equals("startContainer") ? "echo startContainer-state $(cat) \"$GREETING\" >&2"
                        : "cat > " + record.resolve(stage) + "; echo \"$GREETING\" > " + record.resolve(stage + ".env"), 10, "GREETING=hi-" + stage);
            }
        });
        Path out = fx.work.resolve("o"), err = fx.work.resolve("e");
        OciCli.Result created = cli.create(id, bundle, out, err);
        assertEquals(0, created.code(), created.toString());
        for (String stage : List.of("prestart", "createRuntime", "createContainer")) {
            JsonNode state = OciFixture.JSON.readTree(record.resolve(stage).toFile());
            assertEquals(id, state.get("id").asText(), stage);
            assertEquals(bundle.toString(), state.get("bundle").asText(), stage);
            // createContainer runs in the container's namespaces: the pid as the container sees it
            int pid = stage.equals("createContainer") ? 1 : fx.state(id).get("pid").asInt();
            assertEquals(pid, state.get("pid").asInt(), stage);
            assertEquals("value", state.at("/annotations/org.example.key").asText(), stage);
            // "created" covers every step after the environment exists (runtime-spec lifecycle; crun does the same)
            assertEquals("created", state.get("status").asText(), stage);
            assertEquals("hi-" + stage + "\n", Files.readString(record.resolve(stage + ".env")), "hook env");
        }
        assertFalse(Files.readString(err).contains("startContainer-state"), "no start hooks before start");

        assertEquals(0, cli.run("start", id).code());
        String started = OciFixture.awaitContent(err, "startContainer-state");
        assertTrue(started.contains("\"status\":\"created\"") && started.contains("hi-startContainer"), started);
        assertEquals("running", OciFixture.JSON.readTree(record.resolve("poststart").toFile()).get("status").asText());
        OciFixture.awaitContent(out, "ran");
        fx.awaitStatus(id, "stopped");
        assertFalse(Files.exists(record.resolve("poststop")));
        assertEquals(0, cli.run("delete", id).code());
        JsonNode stopped = OciFixture.JSON.readTree(record.resolve("poststop").toFile());
        assertEquals("stopped", stopped.get("status").asText());
        assertEquals(id, stopped.get("id").asText());
        fx.assertGone(id);
    }

    @Test
    void aFailingPrestartHookFailsCreateAndUndoesEverything() throws Exception {
        String id = OciFixture.newId("hookfail");
        Path bundle = fx.bundle("b", List.of("/bin/true"), c -> hook(c, "prestart", "echo no-network-for-you >&2; exit 7", null));
        OciCli.Result r = cli.create(id, bundle, fx.work.resolve("o"), fx.work.resolve("e"));
        assertEquals(71, r.code(), r.toString());
        assertTrue(r.err().contains("hooks.prestart[0]") && r.err().contains("exit status 7") && r.err().contains("no-network-for-you"), r.toString());
        fx.assertGone(id);
        assertNotEquals(0, cli.run("state", id).code());
        assertEquals(0, cli.create(id, fx.bundle("b2", "/bin/true"), fx.work.resolve("o"), fx.work.resolve("e")).code(),
                "the id is free again");
    }

    @Test
    void aCreateRuntimeHookPastItsTimeoutIsKilledAndCreateFails() throws Exception {
        String id = OciFixture.newId("hooktimeout");
        Path bundle = fx.bundle("b", List.of("/bin/true"), c -> hook(c, "createRuntime", "exec sleep 30", 1));
        long t0 = System.nanoTime();
        OciCli.Result r = cli.create(id, bundle, fx.work.resolve("o"), fx.work.resolve("e"));
        assertEquals(71, r.code(), r.toString());
        assertTrue(r.err().contains("timeout of 1 s"), r.toString());
        assertTrue((System.nanoTime() - t0) / 1_000_000 < 15_000, "the timeout was honoured");
        fx.assertGone(id);
    }

    @Test
    void aFailingStartContainerHookStopsTheContainerAndStartFails() throws Exception {
        String id = OciFixture.newId("starthook");
        Path bundle = fx.bundle("b", List.of("/bin/sh", "-c", "echo user-program-ran"),
                c -> hook(c, "startContainer", "echo refused >&2; exit 5", 5));
        Path out = fx.work.resolve("o"), err = fx.work.resolve("e");
        assertEquals(0, cli.create(id, bundle, out, err).code());
        OciCli.Result started = cli.run("start", id);
        // start sees the death only while the process is a zombie: its reaper (here PID 1) is not us, and one
        // that reaps at once leaves start nothing to tell apart from a quick program (runc's start never looks)
        if (started.code() != 0) {
            assertEquals(71, started.code(), started.toString());
            assertTrue(started.err().contains("startContainer hook failed"), started.toString());
        }
        fx.awaitStatus(id, "stopped");
        String stderr = OciFixture.awaitContent(err, "refused");
        assertTrue(stderr.contains("hook /bin/sh failed"), "the container's stderr says which hook: " + stderr);
        assertFalse(Files.readString(out).contains("user-program-ran"), "the program never ran");
        assertEquals(0, cli.run("delete", id).code());
        fx.assertGone(id);
    }

    @Test
    void aFailingPoststopHookIsOnlyAWarning() throws Exception {
        String id = OciFixture.newId("poststop");
        Path bundle = fx.bundle("b", List.of("/bin/true"), c -> hook(c, "poststop", "exit 1", null));
        assertEquals(0, cli.create(id, bundle, fx.work.resolve("o"), fx.work.resolve("e")).code());
        OciCli.Result r = cli.run("delete", "--force", id);
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.err().contains("warning: poststop hook failed"), r.toString());
        fx.assertGone(id);
    }

    @Test
    void theConsoleSocketReceivesThePtyAndTheContainerIsItsSessionLeader() throws Exception {
        String id = OciFixture.newId("tty");
        Path bundle = fx.bundle("b", List.of("/bin/sh", "-c", "test -t 0 && test -t 1 && echo is-a-tty; echo size=$(stty size); echo sid=$(cut -d' ' -f6 /proc/self/stat) pid=$$"),
                c -> ((ObjectNode) c.get("process")).put("terminal", true).putObject("consoleSize").put("height", 31).put("width", 91));
        Path sock = fx.work.resolve("console.sock"), received = fx.work.resolve("console.out");
        Process receiver = new ProcessBuilder(BusyboxRootfs.targetDir().resolve("console-receiver").toString(), sock.toString())
                .redirectOutput(received.toFile()).redirectError(fx.work.resolve("console.err").toFile()).start();
        try {
            OciFixture.awaitContent(received, "listening");
            OciCli.Result noSocket = cli.create(id, bundle, fx.work.resolve("o"), fx.work.resolve("e0"));
            assertEquals(65, noSocket.code(), "terminal without --console-socket: " + noSocket);
            OciCli.Result r = cli.create(id, bundle, fx.work.resolve("o"), fx.work.resolve("e"), "--console-socket", sock.toString());
            assertEquals(0, r.code(), r.toString());
            OciFixture.awaitContent(received, "name /dev/pts/");
            assertEquals(0, cli.run("start", id).code());
            String out = OciFixture.awaitContent(received, "sid=");
            assertTrue(out.contains("is-a-tty"), out);
            assertTrue(out.contains("size=31 91"), "process.consoleSize is set on the pty:\n" + out);
            fx.awaitStatus(id, "stopped");
            String line = out.lines().filter(l -> l.startsWith("sid=")).findFirst().orElseThrow().strip();
            String[] f = line.split(" ");
            assertEquals(f[0].substring(4), f[1].substring(4), "the container process leads its own session: " + line);
            assertEquals(0, cli.run("delete", id).code());
        } finally {
            receiver.destroyForcibly();
            receiver.waitFor();
        }
    }
}
