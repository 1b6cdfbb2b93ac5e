package io.minicontainer.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.minicontainer.seccomp.Arch;
import io.minicontainer.seccomp.SyscallTable;
import io.minicontainer.testing.BusyboxRootfs;
import io.minicontainer.testing.ContainerFixture;
import io.minicontainer.testing.ContainerFixture.Result;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * SCMP_ACT_NOTIFY with linux.seccomp.listenerPath: the container's mkdir is answered by a seccomp agent (the
 * test-only src/test/c/seccomp-listener.c) that got the listener fd and the container process state over
 * its unix socket. The agent answers with a fixed errno, or with success without running the syscall, so
 * what the container sees can only come from the agent.
 * <p>No differential test against runc: Debian 12's runc 1.1.5 loads the filter with a listener but never
 * connects to listenerPath (measured: the notified mkdir blocks until runc is killed, then gets ENOSYS).
 */
class SeccompNotifyIT {
    static final int ENOMEDIUM = 123;
    static final String MKDIR = "mkdir /tmp/made 2>&1; echo mkdir=$?; [ -d /tmp/made ] && echo exists=yes || echo exists=no; "
            + "grep '^Seccomp:' /proc/self/status | tr -d '\\t'";

    /** The agent, started on a socket in the fixture's scratch dir; its output file holds the state and one line per notification. */
    record Agent(Process process, Path socket, Path out, ContainerFixture c) implements AutoCloseable {
        static Agent start(ContainerFixture c, int errno) throws IOException, InterruptedException { return start(c, errno, 1); }

        /** An agent that takes {@code connections} hand-overs (a container's first process, then each exec). */
        static Agent start(ContainerFixture c, int errno, int connections) throws IOException, InterruptedException {
            Path dir = c.scratch("agent");
            Path socket = dir.resolve("a.sock");
            Path out = dir.resolve("out");
            String binary = System.getProperty("mc.seccompListener", BusyboxRootfs.targetDir().resolve("seccomp-listener").toString());
            Process p = new ProcessBuilder(binary, socket.toString(), out.toString(), Integer.toString(errno), Integer.toString(connections))
                    .redirectErrorStream(true).start();
            String first = new String(p.getInputStream().readNBytes("listening\n".length()));
            assertEquals("listening\n", first, "the agent did not start");
            return new Agent(p, socket, out, c);
        }

        /** Waits for the agent to finish (the container is gone, so the filter has no users left). */
        String output() throws IOException, InterruptedException {
            assertTrue(process.waitFor(30, TimeUnit.SECONDS), "the agent did not see the container go");
            return Files.readString(out);
        }

        JsonNode state() throws IOException, InterruptedException {
            String all = output();
            return ContainerFixture.JSON.readTree(all.substring(0, all.indexOf('\n')));
        }

        /** Every state received, in the order the connections came. */
        List<JsonNode> states() throws IOException, InterruptedException {
            List<JsonNode> out = new ArrayList<>();
            for (String line : output().split("\n")) if (line.startsWith("{")) out.add(ContainerFixture.JSON.readTree(line));
            return out;
        }

        /** Also deletes a created container a failed assertion left (the fixture removes only what a killed `run` left). */
        @Override public void close() {
            process.destroyForcibly();
            if (Files.exists(c.stateRoot().resolve(c.id()))) c.cli(List.of("delete", "--force", c.id()));
        }
    }

    static ObjectNode profile(Path listener, String metadata) {
        ObjectNode s = ContainerFixture.JSON.createObjectNode().put("defaultAction", "SCMP_ACT_ALLOW");
        if (listener != null) s.put("listenerPath", listener.toString());
        if (metadata != null) s.put("listenerMetadata", metadata);
        s.putArray("syscalls").addObject().put("action", "SCMP_ACT_NOTIFY").putArray("names").add("mkdir").add("mkdirat");
        return s;
    }

    @Test
    void theAgentsErrnoIsWhatMkdirGetsAndTheStateIsTheRuntimeSpecs() throws Exception {
        try (ContainerFixture c = ContainerFixture.create(); Agent agent = Agent.start(c, ENOMEDIUM)) {
            c.linux().set("seccomp", profile(agent.socket(), "MKNOD=/dev/null;x=\"y\""));
            c.config().putObject("annotations").put("org.example", "v1");
            c.shell(MKDIR);
            Result r = c.run();
            assertEquals(0, r.exitCode(), r.dump());
            assertEquals("1", r.value("mkdir"), r.dump());
            assertTrue(r.stdout().contains("No medium found"), "the agent's errno\n" + r.dump());
            assertEquals("no", r.value("exists"), r.dump());
            assertTrue(r.stdout().contains("Seccomp:2"), r.dump());

            String output = agent.output();
            JsonNode state = agent.state();
            assertEquals(List.of("seccompFd"), strings(state.get("fds")), output);
            assertTrue(output.contains("\nfd=yes\n"), "the fd came with the state\n" + output);
            assertEquals("MKNOD=/dev/null;x=\"y\"", state.get("metadata").asText(), output);
            assertTrue(state.get("ociVersion").asText().startsWith("1."), output);
            JsonNode inner = state.get("state");
            assertEquals(c.id(), inner.get("id").asText(), output);
            assertEquals("creating", inner.get("status").asText(), output);
            assertEquals(c.bundle().toString(), inner.get("bundle").asText(), output);
            assertEquals("v1", inner.get("annotations").get("org.example").asText(), output);
            int pid = state.get("pid").asInt();
            assertEquals(pid, inner.get("pid").asInt(), output);
            List<String> notifications = notifications(output);
            assertFalse(notifications.isEmpty(), output);
            for (String n : notifications) {
                assertTrue(n.contains("nr=" + nr("mkdir") + " ") || n.contains("nr=" + nr("mkdirat") + " "), output);
                // busybox runs mkdir in the shell (the container process) or in a child of it
                assertTrue(n.contains(" pid=" + pid + " ") || n.endsWith(" ppid=" + pid), "the state's pid is the container's host pid\n" + output);
            }
            c.assertNothingLeft();
        }
    }

    /** Without no_new_privs the filter is loaded early, before the user changes; the hand-over works there too. */
    @Test
    void withoutNoNewPrivsTheEarlyLoadHandsOverToo() throws Exception {
        try (ContainerFixture c = ContainerFixture.create(); Agent agent = Agent.start(c, ENOMEDIUM)) {
            c.linux().set("seccomp", profile(agent.socket(), null));
            c.process().put("noNewPrivileges", false);
            c.process().putObject("user").put("uid", 1000).put("gid", 1000);
            c.shell(MKDIR + "; id -u");
            Result r = c.run();
            assertEquals(0, r.exitCode(), r.dump());
            assertTrue(r.stdout().contains("No medium found") && r.stdout().contains("\n1000\n"), r.dump());
            assertFalse(notifications(agent.output()).isEmpty());
            c.assertNothingLeft();
        }
    }

    /** create hands the fd over before it returns; after start the agent answers "success" and no directory appears. */
    @Test
    void createThenStartWithAnAgentThatFakesSuccess() throws Exception {
        try (ContainerFixture c = ContainerFixture.create(); Agent agent = Agent.start(c, 0)) {
            Path shared = c.scratch("out");
            c.mount("/out", "bind", shared.toString(), "bind");
            c.linux().set("seccomp", profile(agent.socket(), null));
            c.shell("(" + MKDIR + ") > /out/result; echo end >> /out/result");
            Result created = c.cli(List.of("create", "--bundle", c.bundle().toString(), c.id()));
            assertEquals(0, created.exitCode(), created.dump());
            assertTrue(Files.notExists(agent.socket()), "the agent got its connection during create");
            Result started = c.cli(List.of("start", c.id()));
            assertEquals(0, started.exitCode(), started.dump());
            Path result = shared.resolve("result");
            for (int i = 0; i < 300 && !(Files.exists(result) && Files.readString(result).contains("end")); i++) Thread.sleep(50);
            String seen = Files.readString(result);
            assertTrue(seen.contains("mkdir=0\nexists=no\n"), "mkdir succeeded without running\n" + seen);
            assertEquals("", agent.state().get("metadata").asText(), "no listenerMetadata: empty");
            Result deleted = c.cli(List.of("delete", "--force", c.id()));
            assertEquals(0, deleted.exitCode(), deleted.dump());
            c.assertNothingLeft();
        }
    }

    /**
     * exec into a container whose profile notifies: the agent gets a second fd, for the exec'd process's own filter,
     * with the runtime-spec's container process state as runc's exec sends it: the top-level pid is the exec'd
     * process (the one the notifications come from), the state is the running container's (status "running", the
     * init's pid, the bundle create recorded). Before, the agent got "creating", bundle "/" and the exec'd pid as
     * the container's.
     */
    @Test
    void execHandsItsOwnListenerOverWithTheRunningContainersState() throws Exception {
        try (ContainerFixture c = ContainerFixture.create(); Agent agent = Agent.start(c, ENOMEDIUM, 2)) {
            c.linux().set("seccomp", profile(agent.socket(), "for-exec"));
            c.config().putObject("annotations").put("org.example", "v2");
            c.args("sleep", "300");
            Result created = c.cli(List.of("create", "--bundle", c.bundle().toString(), c.id()));
            assertEquals(0, created.exitCode(), created.dump());
            Result started = c.cli(List.of("start", c.id()));
            assertEquals(0, started.exitCode(), started.dump());
            Result state = c.cli(List.of("state", c.id()));
            assertEquals(0, state.exitCode(), state.dump());
            int init = ContainerFixture.JSON.readTree(state.stdout()).get("pid").asInt();

            Result exec = c.cli(List.of("exec", c.id(), "sh", "-c", MKDIR));
            assertEquals(0, exec.exitCode(), exec.dump());
            assertEquals("1", exec.value("mkdir"), exec.dump());
            assertTrue(exec.stdout().contains("No medium found"), "the agent's errno reaches the exec'd process\n" + exec.dump());
            assertEquals("no", exec.value("exists"), exec.dump());

            Result deleted = c.cli(List.of("delete", "--force", c.id()));
            assertEquals(0, deleted.exitCode(), deleted.dump());
            String output = agent.output();
            List<JsonNode> states = agent.states();
            assertEquals(2, states.size(), output);

            JsonNode first = states.get(0), firstState = first.get("state");
            assertEquals(init, first.get("pid").asInt(), "create: the init made the filter\n" + output);
            assertEquals(init, firstState.get("pid").asInt(), output);
            assertEquals("creating", firstState.get("status").asText(), output);
            assertEquals(c.bundle().toString(), firstState.get("bundle").asText(), output);

            JsonNode second = states.get(1), inner = second.get("state");
            int execPid = second.get("pid").asInt();
            assertTrue(execPid > 0 && execPid != init, "the top-level pid is the exec'd process's\n" + output);
            assertEquals(init, inner.get("pid").asInt(), "the state's pid is the container's init\n" + output);
            assertEquals("running", inner.get("status").asText(), output);
            assertEquals(c.bundle().toString(), inner.get("bundle").asText(), "the recorded bundle, not /\n" + output);
            assertEquals(c.id(), inner.get("id").asText(), output);
            assertEquals("v2", inner.get("annotations").get("org.example").asText(), output);
            assertEquals("for-exec", second.get("metadata").asText(), output);
            assertEquals(List.of("seccompFd"), strings(second.get("fds")), output);
            assertTrue(output.split("\nfd=yes\n", -1).length == 3, "both fds came with their states\n" + output);

            List<String> notifications = notifications(output);
            assertFalse(notifications.isEmpty(), output);
            for (String n : notifications) {
                assertTrue(n.startsWith("notif listener=2 "), "only the exec'd process mkdirs, under its own filter\n" + output);
                assertTrue(n.contains(" pid=" + execPid + " ") || n.endsWith(" ppid=" + execPid),
                        "the notifications come from the process the top-level pid names\n" + output);
            }
            c.assertNothingLeft();
        }
    }

    /**
     * exec into a container with its own user namespace: the helper joins that namespace before it clones and
     * connects to the agent from there. Its uid stays host root (setns changes the capabilities' namespace, not the
     * ids), so a socket host root owns, as here, takes the connection; one owned by another user with no write
     * bit for others would refuse it (EACCES: CAP_DAC_OVERRIDE is the container namespace's then).
     */
    @Test
    void execIntoAUserNamespaceHandsItsListenerOverToo() throws Exception {
        try (ContainerFixture c = ContainerFixture.create(); Agent agent = Agent.start(c, ENOMEDIUM, 2)) {
            c.linux().set("seccomp", profile(agent.socket(), null));
            c.linux().withArray("namespaces").addObject().put("type", "user");
            for (String key : List.of("uidMappings", "gidMappings")) {
                c.linux().putArray(key).addObject().put("containerID", 0).put("hostID", 100000).put("size", 65536);
            }
            c.args("sleep", "300");
            Result created = c.cli(List.of("create", "--bundle", c.bundle().toString(), c.id()));
            assertEquals(0, created.exitCode(), created.dump());
            assertEquals(0, c.cli(List.of("start", c.id())).exitCode());
            Result exec = c.cli(List.of("exec", c.id(), "sh", "-c", MKDIR));
            assertEquals(0, exec.exitCode(), exec.dump());
            assertTrue(exec.stdout().contains("No medium found"), "the agent answered the exec'd process\n" + exec.dump());
            Result deleted = c.cli(List.of("delete", "--force", c.id()));
            assertEquals(0, deleted.exitCode(), deleted.dump());
            List<JsonNode> states = agent.states();
            assertEquals(2, states.size(), agent.output());
            assertEquals("running", states.get(1).get("state").get("status").asText());
            c.assertNothingLeft();
        }
    }

    @Test
    void aMissingListenerFailsTheStartWithTheStepAndErrno() throws Exception {
        try (ContainerFixture c = ContainerFixture.create()) {
            c.linux().set("seccomp", profile(c.scratch("none").resolve("missing.sock"), null));
            c.shell("echo ran");
            Result r = c.run();
            assertEquals(71, r.exitCode(), r.dump());
            assertFalse(r.stdout().contains("ran"), r.dump());
            assertTrue(r.stderr().contains("/linux/seccomp/listenerPath") && r.stderr().contains("ENOENT"), r.dump());
            assertTrue(r.stderr().contains("no seccomp agent listens at"), "the hint\n" + r.dump());
            c.assertNothingLeft();
        }
    }

    @Test
    void aSocketNobodyListensOnFailsTheStartWithEconnrefused() throws Exception {
        try (ContainerFixture c = ContainerFixture.create()) {
            Path dead = c.scratch("dead").resolve("d.sock");
            try (ServerSocketChannel s = ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
                s.bind(UnixDomainSocketAddress.of(dead)); // closed without unlinking: connect is refused
            }
            c.linux().set("seccomp", profile(dead, null));
            c.shell("echo ran");
            Result r = c.run();
            assertEquals(71, r.exitCode(), r.dump());
            assertFalse(r.stdout().contains("ran"), r.dump());
            assertTrue(r.stderr().contains("ECONNREFUSED") && r.stderr().contains("nobody listens on it"), r.dump());
            c.assertNothingLeft();
        }
    }

    /** An agent whose backlog is full never takes the connection: the start fails after the timeout, it does not hang. */
    @Test
    void anAgentThatNeverAcceptsFailsTheStartAfterTheTimeout() throws Exception {
        try (ContainerFixture c = ContainerFixture.create();
             ServerSocketChannel s = ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
            Path busy = c.scratch("busy").resolve("b.sock");
            s.bind(UnixDomainSocketAddress.of(busy), 1);
            List<java.nio.channels.SocketChannel> queued = new ArrayList<>();
            for (int i = 0; i < 2; i++) queued.add(java.nio.channels.SocketChannel.open(UnixDomainSocketAddress.of(busy)));
            c.linux().set("seccomp", profile(busy, null));
            c.shell("echo ran");
            long t0 = System.nanoTime();
            Result r = c.run();
            long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0);
            for (var q : queued) q.close();
            assertEquals(71, r.exitCode(), r.dump());
            assertFalse(r.stdout().contains("ran"), r.dump());
            assertTrue(r.stderr().contains("EAGAIN") && r.stderr().contains("did not take the connection within 10 s"), r.dump());
            assertTrue(seconds >= 9 && seconds < 30, "bounded by the 10 s timeout: " + seconds + " s");
            c.assertNothingLeft();
        }
    }

    @Test
    void notifyWithoutListenerPathIsRefusedWithItsPointer() throws Exception {
        try (ContainerFixture c = ContainerFixture.create()) {
            c.linux().set("seccomp", profile(null, null));
            Result r = c.run();
            assertEquals(65, r.exitCode(), r.dump());
            assertTrue(r.stderr().contains("/linux/seccomp/syscalls/0/action") && r.stderr().contains("listenerPath"), r.dump());
            c.assertNothingLeft();
        }
    }

    private static int nr(String name) { return SyscallTable.number(Arch.X86_64, name).orElseThrow(); }

    private static List<String> notifications(String output) {
        List<String> out = new ArrayList<>();
        for (String line : output.split("\n")) if (line.startsWith("notif ")) out.add(line);
        return out;
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
