package io.minicontainer.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.minicontainer.testing.ContainerFixture;
import io.minicontainer.testing.ContainerFixture.Result;
import io.minicontainer.testing.HostState;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** linux.namespaces: new namespaces as listed, joining one by path, the process is PID 1. */
class NamespacesIT {
    /** /proc/self/ns file name → linux.namespaces type. */
    private static final Map<String, String> TYPES = Map.of("pid", "pid", "mnt", "mount", "uts", "uts", "ipc", "ipc",
            "net", "network", "cgroup", "cgroup");
    private static final String PRINT_NS = "for n in pid mnt uts ipc net cgroup; do l=$(readlink /proc/self/ns/$n); echo $n=${l#*:}; done";

    @Test
    void everyListedNamespaceIsNew() throws Exception {
        try (ContainerFixture c = ContainerFixture.create()) {
            Result r = c.shell(PRINT_NS).run();
            assertEquals(0, r.exitCode(), r.dump());
            for (String ns : TYPES.keySet()) {
                assertNotEquals("[" + HostState.nsInode(ns) + "]", r.value(ns), ns + " namespace must be new\n" + r.dump());
            }
            c.assertNothingLeft();
        }
    }

    @Test
    void unlistedNamespacesAreTheHosts() throws Exception {
        try (ContainerFixture c = ContainerFixture.create()) {
            ArrayNode ns = c.linux().putArray("namespaces");
            ns.addObject().put("type", "pid");
            ns.addObject().put("type", "mount");
            c.config().remove("hostname"); // a hostname needs a uts namespace
            Result r = c.shell(PRINT_NS).run();
            assertEquals(0, r.exitCode(), r.dump());
            for (String shared : new String[] {"uts", "ipc", "net", "cgroup"}) {
                assertEquals("[" + HostState.nsInode(shared) + "]", r.value(shared), shared + " must be the host's\n" + r.dump());
            }
            assertNotEquals("[" + HostState.nsInode("pid") + "]", r.value("pid"));
            assertNotEquals("[" + HostState.nsInode("mnt") + "]", r.value("mnt"));
        }
    }

    @Test
    void joinsANetworkNamespaceByPath() throws Exception {
        // A helper process alone in a new net namespace; the container must join exactly that one.
        Process holder = new ProcessBuilder("unshare", "--net", "sleep", "60").start();
        try (ContainerFixture c = ContainerFixture.create()) {
            Path nsPath = Path.of("/proc/" + holder.pid() + "/ns/net");
            String expected = waitForOwnNetNs(nsPath);
            ArrayNode ns = (ArrayNode) c.linux().get("namespaces");
            for (var n : ns) if (n.get("type").asText().equals("network")) ((com.fasterxml.jackson.databind.node.ObjectNode) n).put("path", nsPath.toString());
            Result r = c.shell(PRINT_NS).run();
            assertEquals(0, r.exitCode(), r.dump());
            assertEquals("[" + expected + "]", r.value("net"), r.dump());
            c.assertNothingLeft();
        } finally {
            holder.destroyForcibly();
            holder.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static String waitForOwnNetNs(Path nsPath) throws InterruptedException {
        String host = HostState.nsInode("net");
        for (int i = 0; i < 200; i++) {
            String ino = HostState.nsInode(nsPath);
            if (!ino.equals(host)) return ino; // unshare has switched before exec'ing sleep
            Thread.sleep(10);
        }
        throw new AssertionError("unshare --net did not create a namespace");
    }

    @Test
    void theProcessIsPid1() throws Exception {
        try (ContainerFixture c = ContainerFixture.create()) {
            Result r = c.shell("echo self=$$; ps -o pid,comm; echo done").run();
            assertEquals(0, r.exitCode(), r.dump());
            assertEquals("1", r.value("self"));
            assertTrue(r.stdout().lines().anyMatch(l -> l.trim().matches("1 +sh")), r.dump());
        }
    }
}
