package io.minicontainer.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.minicontainer.testing.ContainerFixture;
import io.minicontainer.testing.ContainerFixture.Result;
import io.minicontainer.testing.HostState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * OCI hooks through `run`, each at the runtime-spec's moment: createRuntime on the host while the
 * container's namespaces and mounts exist but pivot_root has not happened, createContainer in the
 * container's mount namespace, startContainer inside the container before its program, and all of
 * them in order.
 */
class HooksIT {
    /** The host pid a hook got on stdin. */
    private static final String PID = "pid=$(echo \"$st\" | sed -n 's/.*\"pid\":\\([0-9]*\\).*/\\1/p')";

    private static void hook(ContainerFixture c, String stage, String script) {
        ObjectNode hooks = c.config().withObject("/hooks");
        ArrayNode list = hooks.has(stage) ? (ArrayNode) hooks.get(stage) : hooks.putArray(stage);
        ObjectNode h = list.addObject();
        h.put("path", "/bin/sh");
        h.putArray("args").add("sh").add("-c").add(script);
        h.put("timeout", 10);
    }

    @Test
    void createRuntimeSeesTheContainersPidWithItsMountsButBeforePivotRoot() throws Exception {
        try (ContainerFixture c = ContainerFixture.create()) {
            Path s = c.scratch("hooks");
            hook(c, "createRuntime", "st=$(cat); " + PID + "; echo \"$st\" > " + s.resolve("state")
                    + "; readlink /proc/$pid/ns/pid > " + s.resolve("pidns") + "; readlink /proc/$pid/root > " + s.resolve("root")
                    + "; cat /proc/$pid/mountinfo > " + s.resolve("mountinfo"));
            Result r = c.shell("echo pidns=$(readlink /proc/self/ns/pid)").run();
            assertEquals(0, r.exitCode(), r.dump());
            assertEquals(r.value("pidns"), Files.readString(s.resolve("pidns")).strip(), "the pid on stdin is the container's process");
            assertEquals("/", Files.readString(s.resolve("root")).strip(), "its root is not pivoted yet");
            String rootfs = c.rootfs().toRealPath().toString();
            assertTrue(Files.readString(s.resolve("mountinfo")).contains(" " + rootfs + "/proc "),
                    "the config's mounts are made under the rootfs already:\n" + Files.readString(s.resolve("mountinfo")));
            JsonNode state = ContainerFixture.JSON.readTree(s.resolve("state").toFile());
            assertEquals(c.id(), state.get("id").asText());
            assertEquals("created", state.get("status").asText());
            c.assertNothingLeft();
        }
    }

    @Test
    void createContainerRunsInTheContainersMountNamespace() throws Exception {
        try (ContainerFixture c = ContainerFixture.create()) {
            Path s = c.scratch("hooks");
            hook(c, "createContainer", "cat > " + s.resolve("state") + "; readlink /proc/self/ns/mnt > " + s.resolve("mnt"));
            Result r = c.shell("echo mnt=$(readlink /proc/self/ns/mnt)").run();
            assertEquals(0, r.exitCode(), r.dump());
            String hookMnt = Files.readString(s.resolve("mnt")).strip();
            assertEquals(r.value("mnt"), hookMnt, "the hook's mount namespace is the container's");
            assertNotEquals("mnt:[" + HostState.nsInode("mnt") + "]", hookMnt, "not the host's");
            JsonNode state = ContainerFixture.JSON.readTree(s.resolve("state").toFile());
            assertEquals(1, state.get("pid").asInt(), "the pid as the container sees it (its own pid namespace)");
            assertEquals("created", state.get("status").asText());
            c.assertNothingLeft();
        }
    }

    @Test
    void startContainerRunsInsideTheContainerBeforeItsProgram() throws Exception {
        try (ContainerFixture c = ContainerFixture.create()) {
            hook(c, "startContainer", "cat > /started.state; echo mnt=$(readlink /proc/self/ns/mnt) > /started");
            Result r = c.shell("cat /started; echo self=$(readlink /proc/self/ns/mnt); cat /started.state").run();
            assertEquals(0, r.exitCode(), r.dump());
            assertEquals(r.value("self"), r.value("mnt"), "the hook ran in the container, before the program read its file");
            assertTrue(r.stdout().contains("\"status\":\"created\""), r.dump());
            c.assertNothingLeft();
        }
    }

    @Test
    void runRunsEveryHookInOrder() throws Exception {
        try (ContainerFixture c = ContainerFixture.create()) {
            Path s = c.scratch("hooks");
            Path order = s.resolve("order");
            c.mount("/shared", "bind", s.toString(), "rbind", "rw");
            for (String stage : List.of("prestart", "createRuntime", "createContainer", "poststart", "poststop")) {
                hook(c, stage, "echo " + stage + " >> " + order);
            }
            hook(c, "startContainer", "echo startContainer >> /shared/order");
            Result r = c.shell("echo program >> /shared/order").run();
            assertEquals(0, r.exitCode(), r.dump());
            List<String> lines = Files.readAllLines(order);
            assertEquals(List.of("prestart", "createRuntime", "createContainer", "startContainer"), lines.subList(0, 4), lines.toString());
            assertEquals("poststop", lines.get(lines.size() - 1), lines.toString());
            assertTrue(lines.containsAll(List.of("program", "poststart")) && lines.size() == 7, lines.toString());
            c.assertNothingLeft();
        }
    }

    @Test
    void aFailingCreateContainerHookFailsTheRunAndLeavesNothing() throws Exception {
        try (ContainerFixture c = ContainerFixture.create()) {
            hook(c, "createContainer", "echo no-mounts-for-you >&2; exit 3");
            Result r = c.shell("echo should-not-run").run();
            assertEquals(71, r.exitCode(), r.dump());
            assertTrue(r.stderr().contains("hooks.createContainer[0] /bin/sh: exit status 3"), r.dump());
            assertTrue(r.stderr().contains("no-mounts-for-you"), "the hook's output goes to the container's stderr\n" + r.dump());
            assertTrue(!r.stdout().contains("should-not-run"), r.dump());
            c.assertNothingLeft();
        }
    }

    @Test
    void aFailingPrestartHookFailsTheRunAndLeavesNothing() throws Exception {
        try (ContainerFixture c = ContainerFixture.create()) {
            Path s = c.scratch("hooks");
            hook(c, "prestart", "echo nope >&2; exit 4");
            hook(c, "poststop", "cat > " + s.resolve("poststop"));
            Result r = c.shell("echo should-not-run").run();
            assertEquals(71, r.exitCode(), r.dump());
            assertTrue(r.stderr().contains("hooks.prestart[0] /bin/sh: exit status 4: nope"), r.dump());
            assertTrue(!r.stdout().contains("should-not-run"), r.dump());
            assertTrue(Files.readString(s.resolve("poststop")).contains("\"status\":\"stopped\""),
                    "the lifecycle goes on at destroy and poststop");
            c.assertNothingLeft();
        }
    }
}
