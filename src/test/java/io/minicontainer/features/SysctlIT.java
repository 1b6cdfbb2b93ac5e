package io.minicontainer.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.minicontainer.testing.ContainerFixture;
import io.minicontainer.testing.ContainerFixture.Result;
import io.minicontainer.testing.HostState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * linux.sysctl: namespaced keys are set inside the container, everything else is refused before
 * anything runs, and after every attempt, accepted or refused, the host's values are as they were.
 */
class SysctlIT {
    /** Host values the attempts below would change if a write escaped the container. */
    private static final List<String> WATCHED = List.of("vm/swappiness", "kernel/shmmax", "kernel/msgmax",
            "net/ipv4/ip_forward", "kernel/domainname", "kernel/hostname", "fs/mqueue/msg_max");
    private Map<String, String> before;

    @BeforeEach
    void recordHost() throws IOException { before = hostValues(); }

    @AfterEach
    void hostIsUnchanged() throws IOException { assertEquals(before, hostValues(), "a host sysctl changed"); }

    private static Map<String, String> hostValues() throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        for (String k : WATCHED) out.put(k, Files.readString(Path.of("/proc/sys", k)).trim());
        return out;
    }

    private static String other(String hostValue, String a, String b) { return hostValue.equals(a) ? b : a; }

    @Test
    void ipcNetAndUtsSysctlsAreSetInsideTheContainersOwnNamespaces() throws Exception {
        String forward = other(before.get("net/ipv4/ip_forward"), "1", "0");
        try (ContainerFixture c = ContainerFixture.create()) {
            ObjectNode sysctl = c.linux().putObject("sysctl");
            sysctl.put("kernel.shmmax", "65536");
            sysctl.put("kernel.msgmax", "4321");
            sysctl.put("fs.mqueue.msg_max", "17");
            sysctl.put("net.ipv4.ip_forward", forward);
            sysctl.put("kernel.domainname", "inside.example");
            c.config().remove("domainname");
            Result r = c.shell("for k in kernel/shmmax kernel/msgmax fs/mqueue/msg_max net/ipv4/ip_forward kernel/domainname; do"
                    + " echo $k=$(cat /proc/sys/$k); done").run();
            assertEquals(0, r.exitCode(), r.dump());
            assertEquals("65536", r.value("kernel/shmmax"), r.dump());
            assertEquals("4321", r.value("kernel/msgmax"));
            assertEquals("17", r.value("fs/mqueue/msg_max"));
            assertEquals(forward, r.value("net/ipv4/ip_forward"));
            assertEquals("inside.example", r.value("kernel/domainname"));
            c.assertNothingLeft();
        }
    }

    @Test
    void aKeyThatIsNotNamespacedIsRefusedBeforeAnythingRuns() throws Exception {
        String swappiness = other(before.get("vm/swappiness"), "10", "11");
        try (ContainerFixture c = ContainerFixture.create()) {
            c.linux().putObject("sysctl").put("vm.swappiness", swappiness);
            Result r = c.shell("echo ran").run();
            assertRefused(r, "/linux/sysctl/vm.swappiness: sysctl \"vm.swappiness\" is not namespaced");
            c.assertNothingLeft();
        }
    }

    @Test
    void keysThatTryToLeaveProcSysAreRefused() throws Exception {
        for (String key : List.of("net/../../vm/swappiness", "net.ipv4..x", "net.ipv4.ip_forward/../../../vm/swappiness")) {
            try (ContainerFixture c = ContainerFixture.create()) {
                c.linux().putObject("sysctl").put(key, "1");
                assertRefused(c.shell("echo ran").run(), "is not dot-separated words");
                c.assertNothingLeft();
            }
        }
    }

    @Test
    void aNamespacedKeyWithoutItsNamespaceIsRefused() throws Exception {
        try (ContainerFixture c = ContainerFixture.create()) {
            ArrayNode ns = c.linux().putArray("namespaces");
            ns.addObject().put("type", "pid");
            ns.addObject().put("type", "mount");
            c.config().remove("hostname");
            c.config().remove("domainname");
            ObjectNode sysctl = c.linux().putObject("sysctl");
            sysctl.put("kernel.shmmax", "65536");
            sysctl.put("net.ipv4.ip_forward", other(before.get("net/ipv4/ip_forward"), "1", "0"));
            sysctl.put("kernel.hostname", "renamed-host");
            Result r = c.shell("echo ran").run();
            assertRefused(r, "/linux/sysctl/kernel.shmmax: sysctl \"kernel.shmmax\" needs a ipc namespace");
            assertTrue(r.stderr().contains("and 2 more"), r.dump());
            c.assertNothingLeft();
        }
    }

    @Test
    void aNetworkNamespaceJoinedByPathMustNotBeTheHosts() throws Exception {
        try (ContainerFixture c = ContainerFixture.create()) {
            joinNetwork(c, "/proc/self/ns/net"); // the runtime's own, i.e. the host's
            c.linux().putObject("sysctl").put("net.ipv4.ip_forward", other(before.get("net/ipv4/ip_forward"), "1", "0"));
            Result r = c.shell("echo ran").run();
            assertRefused(r, "/linux/sysctl/net.ipv4.ip_forward: sysctl \"net.ipv4.ip_forward\" would change the host's network namespace");
            c.assertNothingLeft();
        }
    }

    @Test
    void aNetworkNamespaceJoinedByPathGetsTheValue() throws Exception {
        Process holder = new ProcessBuilder("unshare", "--net", "sleep", "60").start();
        try (ContainerFixture c = ContainerFixture.create()) {
            Path nsPath = Path.of("/proc/" + holder.pid() + "/ns/net");
            for (int i = 0; i < 200 && HostState.nsInode(nsPath).equals(HostState.nsInode("net")); i++) Thread.sleep(10);
            assertNotEquals(HostState.nsInode("net"), HostState.nsInode(nsPath), "unshare --net made no namespace");
            joinNetwork(c, nsPath.toString());
            String forward = other(before.get("net/ipv4/ip_forward"), "1", "0");
            c.linux().putObject("sysctl").put("net.ipv4.ip_forward", forward);
            Result r = c.shell("echo forward=$(cat /proc/sys/net/ipv4/ip_forward)").run();
            assertEquals(0, r.exitCode(), r.dump());
            assertEquals(forward, r.value("forward"));
            c.assertNothingLeft();
        } finally {
            holder.destroyForcibly();
            holder.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static void joinNetwork(ContainerFixture c, String path) {
        for (var n : (ArrayNode) c.linux().get("namespaces")) {
            if (n.get("type").asText().equals("network")) ((ObjectNode) n).put("path", path);
        }
    }

    private static void assertRefused(Result r, String message) {
        assertEquals(65, r.exitCode(), r.dump());
        assertTrue(r.stderr().contains(message), r.dump());
        assertFalse(r.stdout().contains("ran"), "the container must not have run\n" + r.dump());
        assertFalse(r.stderr().contains("\tat "), "no stack trace\n" + r.dump());
    }
}
