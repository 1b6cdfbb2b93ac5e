package io.minicontainer.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.minicontainer.testing.ContainerFixture;
import io.minicontainer.testing.ContainerFixture.Result;
import io.minicontainer.testing.HostState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The mount namespace joined by path, or inherited (none in linux.namespaces). Inheriting means sharing the
 * host's mounts, so mini-container runs such a container chrooted and only if it needs no mount at all.
 */
class MountNamespaceIT {
    @Test
    void joinsAMountNamespaceByPathAndSetsUpTheRootfsThere() throws Exception {
        Process holder = new ProcessBuilder("unshare", "--mount", "--propagation", "private", "sleep", "60").start();
        try (ContainerFixture c = ContainerFixture.create()) {
            try {
                Path nsPath = Path.of("/proc/" + holder.pid() + "/ns/mnt");
                String expected = waitForOwnMountNs(nsPath, holder);
                int hostMounts = HostState.mountinfoLines().size();
                for (var n : (ArrayNode) c.linux().get("namespaces")) {
                    if (n.get("type").asText().equals("mount")) ((ObjectNode) n).put("path", nsPath.toString());
                }
                Result r = c.shell("echo mnt=$(readlink /proc/self/ns/mnt); grep -c ' /proc ' /proc/self/mountinfo").run();
                assertEquals(0, r.exitCode(), r.dump());
                assertEquals("mnt:[" + expected + "]", r.value("mnt"), r.dump());
                assertEquals(hostMounts, HostState.mountinfoLines().size(), "the host's mounts must not change");
            } finally {
                holder.destroyForcibly();
                holder.waitFor(10, TimeUnit.SECONDS);
            }
            c.assertNothingLeft();
        }
    }

    @Test
    void withoutAMountNamespaceTheContainerSharesTheHostsAndIsChrooted() throws Exception {
        try (ContainerFixture c = ContainerFixture.create()) {
            withoutMountNamespace(c);
            c.shell("sleep 30");
            int hostMounts = HostState.mountinfoLines().size();
            Result created = c.cli(List.of("create", "--bundle", c.bundle().toString(), c.id()));
            assertEquals(0, created.exitCode(), created.dump());
            try {
                int pid = pid(c.cli(List.of("state", c.id())).stdout());
                assertEquals(HostState.nsInode("mnt"), HostState.nsInode(Path.of("/proc/" + pid + "/ns/mnt")));
                assertEquals(c.rootfs().toRealPath(), Files.readSymbolicLink(Path.of("/proc/" + pid + "/root")));
                assertEquals(hostMounts, HostState.mountinfoLines().size(), "nothing may be mounted on the host");
            } finally {
                assertEquals(0, c.cli(List.of("delete", "--force", c.id())).exitCode());
            }
            c.assertNothingLeft();
        }
    }

    @Test
    void withoutAMountNamespaceAConfigThatMountsIsRefusedAndTheHostIsUntouched() throws Exception {
        try (ContainerFixture c = ContainerFixture.create()) {
            ArrayNode ns = c.linux().putArray("namespaces");
            ns.addObject().put("type", "pid");
            c.config().remove("hostname");
            int hostMounts = HostState.mountinfoLines().size();
            Result r = c.run();
            assertEquals(65, r.exitCode(), r.dump());
            assertTrue(r.stderr().contains("/mounts/0: without a mount namespace this would change the host's mounts"), r.dump());
            assertEquals(hostMounts, HostState.mountinfoLines().size());
            c.assertNothingLeft();
        }
    }

    @Test
    void joiningTheRuntimesOwnMountNamespaceIsRefused() throws Exception {
        try (ContainerFixture c = ContainerFixture.create()) {
            for (var n : (ArrayNode) c.linux().get("namespaces")) {
                if (n.get("type").asText().equals("mount")) ((ObjectNode) n).put("path", "/proc/" + ProcessHandle.current().pid() + "/ns/mnt");
            }
            int hostMounts = HostState.mountinfoLines().size();
            Result r = c.run();
            assertEquals(65, r.exitCode(), r.dump());
            assertTrue(r.stderr().contains("this is the runtime's own mount namespace"), r.dump());
            assertEquals(hostMounts, HostState.mountinfoLines().size());
            c.assertNothingLeft();
        }
    }

    /** Only pid and uts namespaces, no mounts or path restrictions: nothing for the host's mounts. */
    private static void withoutMountNamespace(ContainerFixture c) {
        ArrayNode ns = c.linux().putArray("namespaces");
        ns.addObject().put("type", "pid");
        ns.addObject().put("type", "uts");
        c.config().remove("mounts");
        c.linux().remove("maskedPaths");
        c.linux().remove("readonlyPaths");
        c.config().with("root").put("readonly", false);
    }

    private static int pid(String stateJson) {
        Matcher m = Pattern.compile("\"pid\"\\s*:\\s*(\\d+)").matcher(stateJson);
        assertTrue(m.find(), stateJson);
        return Integer.parseInt(m.group(1));
    }

    private static String waitForOwnMountNs(Path nsPath, Process holder) throws InterruptedException {
        String host = HostState.nsInode("mnt");
        for (int i = 0; i < 200; i++) {
            if (!holder.isAlive()) throw new AssertionError("unshare --mount exited");
            String ino = HostState.nsInode(nsPath);
            if (!ino.equals(host)) return ino;
            Thread.sleep(10);
        }
        throw new AssertionError("unshare --mount did not create a namespace");
    }
}
