package io.minicontainer.audit;

import static io.minicontainer.audit.AuditFixtures.audit;
import static io.minicontainer.audit.AuditFixtures.hardened;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** Every rule: one config that triggers it (at the expected pointer, with a position), one close to it that does not. */
class AuditRulesTest {
    /** rule id, the edit that triggers it, the pointer of the finding, an edit near it that does not trigger it. */
    static Stream<Arguments> rules() {
        return Stream.of(
                rule("privileged-capability", c -> caps(c, "CAP_SYS_ADMIN"), "/process/capabilities/bounding/0",
                        c -> caps(c, "CAP_NET_BIND_SERVICE")),
                rule("no-new-privileges-off", c -> c.with("process").put("noNewPrivileges", false), "/process/noNewPrivileges",
                        c -> c.with("process").put("noNewPrivileges", true)),
                rule("root-without-userns", c -> c.with("process").with("user").put("uid", 0), "/process/user/uid",
                        c -> { c.with("process").with("user").put("uid", 0); userNamespace(c); }),
                rule("host-namespace", c -> removeNamespace(c, "network"), "/linux/namespaces",
                        c -> namespacePath(c, "network", "/run/netns/web")),
                rule("host-namespace", c -> namespacePath(c, "pid", "/proc/1/ns/pid"), "/linux/namespaces/0/path",
                        c -> removeNamespace(c, "cgroup")),
                rule("joined-namespace", c -> namespacePath(c, "network", "/run/netns/web"), "/linux/namespaces/1/path",
                        c -> { }),
                rule("engine-socket-mount", c -> bind(c, "/var/run/docker.sock"), "/mounts/7/source", c -> bind(c, "/srv/data")),
                rule("engine-socket-mount", c -> bind(c, "/run"), "/mounts/7/source", c -> bind(c, "/run/myapp")),
                rule("sensitive-host-mount", c -> bind(c, "/"), "/mounts/7/source", c -> bind(c, "/srv")),
                rule("sensitive-host-mount", c -> bind(c, "/proc/sys"), "/mounts/7/source", c -> bind(c, "/processes")),
                rule("sensitive-host-mount", c -> bind(c, "/dev"), "/mounts/7/source", c -> bind(c, "/devel")),
                rule("writable-rootfs", c -> c.with("root").put("readonly", false), "/root/readonly", c -> { }),
                rule("masked-paths-missing", c -> remove(c.with("linux").withArray("maskedPaths"), "/proc/kcore"), "/linux/maskedPaths",
                        c -> c.with("linux").withArray("maskedPaths").add("/proc/extra")),
                rule("readonly-paths-missing", c -> remove(c.with("linux").withArray("readonlyPaths"), "/proc/sys"), "/linux/readonlyPaths",
                        c -> c.with("linux").withArray("readonlyPaths").add("/proc/extra")),
                rule("no-memory-limit", c -> c.with("linux").with("resources").remove("memory"), "/linux/resources/memory/limit",
                        c -> c.with("linux").with("resources").with("memory").put("limit", 8 << 20)),
                rule("no-pids-limit", c -> c.with("linux").with("resources").remove("pids"), "/linux/resources/pids/limit",
                        c -> c.with("linux").with("resources").with("pids").put("limit", 1)),
                rule("devices-allow-all", c -> c.with("linux").with("resources").remove("devices"), "/linux/resources/devices",
                        c -> c.with("linux").with("resources").withArray("devices").addObject()
                                .put("allow", true).put("type", "c").put("major", 1).put("minor", 3).put("access", "rw")),
                rule("devices-allow-all", c -> c.with("linux").with("resources").withArray("devices").addObject()
                        .put("allow", true).put("access", "rwm"), "/linux/resources/devices/1",
                        c -> { var d = c.with("linux").with("resources").withArray("devices");
                               d.addObject().put("allow", true).put("access", "rwm"); d.addObject().put("allow", false).put("access", "rwm"); }),
                rule("no-seccomp", c -> c.with("linux").remove("seccomp"), "/linux/seccomp", c -> { }),
                rule("seccomp-default-allow", AuditRulesTest::allowByDefault, "/linux/seccomp/defaultAction",
                        c -> c.with("linux").with("seccomp").put("defaultAction", "SCMP_ACT_KILL_PROCESS")));
    }

    @ParameterizedTest(name = "{0} at {2}")
    @MethodSource("rules")
    void triggersAtItsPointer(String id, Consumer<ObjectNode> trigger, String pointer, Consumer<ObjectNode> nearMiss) {
        ObjectNode config = hardened();
        trigger.accept(config);
        List<Finding> found = of(audit(config), id);
        assertEquals(1, found.size(), found.toString());
        Finding f = found.get(0);
        assertEquals(pointer, f.pointer());
        assertTrue(f.line() > 0 && f.column() > 0, "a position in the file: " + f);
        assertTrue(!f.message().isBlank() && !f.rule().fix().isBlank() && !f.rule().precedent().isBlank());
    }

    @ParameterizedTest(name = "{0} not for a near miss")
    @MethodSource("rules")
    void doesNotTriggerOnANearMiss(String id, Consumer<ObjectNode> trigger, String pointer, Consumer<ObjectNode> nearMiss) {
        ObjectNode config = hardened();
        nearMiss.accept(config);
        assertEquals(List.of(), of(audit(config), id));
    }

    @Test
    void everyRuleIsCoveredAndTheHardenedExampleIsClean() {
        List<String> covered = new ArrayList<>();
        rules().forEach(a -> covered.add((String) a.get()[0]));
        for (Rule r : Rules.ALL) assertTrue(covered.contains(r.id()), "no test for " + r.id());
        assertEquals(List.of(), audit(hardened()).findings());
    }

    @Test
    void aPrivilegedCapabilityIsOneFindingNamingEverySetItIsIn() {
        ObjectNode c = hardened();
        for (String set : List.of("bounding", "effective", "permitted")) c.with("process").with("capabilities").withArray(set).add("SYS_PTRACE");
        List<Finding> found = of(audit(c), "privileged-capability");
        assertEquals(1, found.size());
        assertTrue(found.get(0).message().startsWith("CAP_SYS_PTRACE "), found.get(0).message());
        assertTrue(found.get(0).message().endsWith("is in bounding, effective, permitted"), found.get(0).message());
    }

    private static Arguments rule(String id, Consumer<ObjectNode> trigger, String pointer, Consumer<ObjectNode> nearMiss) {
        return Arguments.of(id, trigger, pointer, nearMiss);
    }

    static List<Finding> of(AuditReport r, String id) {
        return r.findings().stream().filter(f -> f.rule().id().equals(id)).toList();
    }

    private static void caps(ObjectNode c, String cap) {
        for (String set : List.of("bounding", "effective", "permitted")) c.with("process").with("capabilities").withArray(set).add(cap);
    }

    private static void userNamespace(ObjectNode c) {
        c.with("linux").withArray("namespaces").addObject().put("type", "user");
        c.with("linux").withArray("uidMappings").addObject().put("containerID", 0).put("hostID", 100000).put("size", 65536);
        c.with("linux").withArray("gidMappings").addObject().put("containerID", 0).put("hostID", 100000).put("size", 65536);
    }

    private static void removeNamespace(ObjectNode c, String type) {
        ArrayNode ns = c.with("linux").withArray("namespaces");
        for (int i = 0; i < ns.size(); i++) if (ns.get(i).get("type").asText().equals(type)) ns.remove(i--);
    }

    private static void namespacePath(ObjectNode c, String type, String path) {
        ArrayNode ns = c.with("linux").withArray("namespaces");
        for (int i = 0; i < ns.size(); i++) if (ns.get(i).get("type").asText().equals(type)) ((ObjectNode) ns.get(i)).put("path", path);
    }

    private static void bind(ObjectNode c, String source) {
        c.withArray("mounts").addObject().put("destination", "/host").put("type", "bind").put("source", source)
                .putArray("options").add("rbind").add("ro");
    }

    private static void remove(ArrayNode a, String value) {
        for (int i = 0; i < a.size(); i++) if (a.get(i).asText().equals(value)) a.remove(i--);
    }

    private static void allowByDefault(ObjectNode c) {
        ObjectNode s = c.with("linux").putObject("seccomp");
        s.put("defaultAction", "SCMP_ACT_ALLOW");
        s.putArray("architectures").add("SCMP_ARCH_X86_64");
        ObjectNode r = s.putArray("syscalls").addObject();
        r.putArray("names").add("keyctl");
        r.put("action", "SCMP_ACT_ERRNO");
    }
}
