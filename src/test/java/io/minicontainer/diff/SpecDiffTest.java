package io.minicontainer.diff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.minicontainer.plan.HostFacts;
import io.minicontainer.plan.PlanRequest;
import io.minicontainer.plan.Planner;
import io.minicontainer.spec.LoadedSpec;
import io.minicontainer.spec.SpecLoader;
import io.minicontainer.validate.Validator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every kind of change, both directions: examples/hardened.json against itself with one edit. */
class SpecDiffTest {
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** An edit of the hardened config and the one change it must make, read from old = hardened to new = edited. */
    record Case(String name, Consumer<ObjectNode> edit, String sentence, Effect effect, String oldPointer, String newPointer) {
        @Override public String toString() { return name; }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("capability gained", c -> c.with("process").with("capabilities").withArray("bounding").add("CAP_NET_ADMIN"),
                        "capability CAP_NET_ADMIN in bounding gained", Effect.WIDENS, null, "/process/capabilities/bounding/0"),
                new Case("memory limit lowered", c -> c.with("linux").with("resources").with("memory").put("limit", 33554432),
                        "limit memory.max lowered: 67108864 -> 33554432", Effect.NARROWS,
                        "/linux/resources/memory/limit", "/linux/resources/memory/limit"),
                new Case("pids limit removed", c -> c.with("linux").with("resources").remove("pids"),
                        "limit pids.max removed (was 64)", Effect.WIDENS, "/linux/resources/pids/limit", null),
                new Case("rlimit raised", c -> ((ObjectNode) c.with("process").withArray("rlimits").get(0)).put("hard", 4096),
                        "limit RLIMIT_NOFILE raised: soft 1024 hard 1024 -> soft 1024 hard 4096", Effect.WIDENS,
                        "/process/rlimits/0", "/process/rlimits/0"),
                new Case("bind mount added", c -> bind(c, "/srv/data", "rbind", "ro"),
                        "mount /data added: bind /srv/data (rbind,ro)", Effect.WIDENS, null, "/mounts/7"),
                new Case("sysfs made writable", c -> ((ArrayNode) c.withArray("mounts").get(5).get("options")).remove(3),
                        "mount /sys changed: sysfs sysfs (nosuid,noexec,nodev,ro) -> sysfs sysfs (nosuid,noexec,nodev)", Effect.WIDENS,
                        "/mounts/5", "/mounts/5"),
                new Case("masked path removed", c -> c.with("linux").withArray("maskedPaths").remove(2),
                        "masked path /proc/kcore removed", Effect.WIDENS, "/linux/maskedPaths/2", null),
                new Case("readonly path removed", c -> c.with("linux").withArray("readonlyPaths").remove(3),
                        "readonly path /proc/sys removed", Effect.WIDENS, "/linux/readonlyPaths/3", null),
                new Case("root made writable", c -> c.with("root").put("readonly", false),
                        "root file system changed: read-only -> writable", Effect.WIDENS, "/root/readonly", "/root/readonly"),
                new Case("network namespace shared with the host", c -> c.with("linux").withArray("namespaces").remove(1),
                        "namespace network changed: new -> shared with the host", Effect.WIDENS, "/linux/namespaces/1", "/linux/namespaces"),
                new Case("network namespace joined", c -> ((ObjectNode) c.with("linux").withArray("namespaces").get(1)).put("path", "/run/netns/a"),
                        "namespace network changed: new -> joins /run/netns/a", Effect.WIDENS, "/linux/namespaces/1", "/linux/namespaces/1/path"),
                new Case("user becomes root", c -> c.with("process").with("user").put("uid", 0),
                        "user uid changed: 1000 -> 0", Effect.WIDENS, "/process/user/uid", "/process/user/uid"),
                new Case("group added", c -> c.with("process").with("user").withArray("additionalGids").add(100),
                        "user group 100 added", Effect.WIDENS, null, "/process/user/additionalGids/0"),
                new Case("no_new_privs off", c -> c.with("process").put("noNewPrivileges", false),
                        "process no_new_privs changed: on -> off", Effect.WIDENS, "/process/noNewPrivileges", "/process/noNewPrivileges"),
                new Case("seccomp allows a syscall", c -> seccompRule(c, "keyctl", "SCMP_ACT_ALLOW"),
                        "seccomp keyctl changed: errno(1) -> allow", Effect.WIDENS,
                        "/linux/seccomp/defaultAction", "/linux/seccomp/syscalls/1/names/0"),
                new Case("seccomp default action", c -> c.with("linux").with("seccomp").put("defaultAction", "SCMP_ACT_LOG"),
                        "seccomp default action changed: errno(1) -> log", Effect.WIDENS,
                        "/linux/seccomp/defaultAction", "/linux/seccomp/defaultAction"),
                new Case("seccomp filter removed", c -> c.with("linux").remove("seccomp"),
                        "seccomp filter removed (was default errno(1), 295 syscalls named)", Effect.WIDENS, "/linux/seccomp", null),
                new Case("seccomp listener path added (applied, outside the syscall decisions)",
                        c -> c.with("linux").with("seccomp").put("listenerPath", "/run/agent.sock"),
                        "seccomp listenerPath changed: none -> /run/agent.sock", Effect.NEUTRAL, "/linux/seccomp/listenerPath", "/linux/seccomp/listenerPath"),
                new Case("device rule added", c -> c.with("linux").with("resources").withArray("devices").addObject()
                        .put("allow", true).put("type", "c").put("major", 10).put("minor", 229).put("access", "rw"),
                        "device rule allow c 10:229 rw added", Effect.WIDENS, null, "/linux/resources/devices/1"),
                new Case("device node added", c -> c.with("linux").withArray("devices").addObject().put("path", "/dev/fuse").put("type", "c")
                        .put("major", 10).put("minor", 229).put("fileMode", 438).put("uid", 0).put("gid", 0),
                        "device node /dev/fuse added: c 10:229 mode 0666 uid 0 gid 0", Effect.WIDENS, null, "/linux/devices/0"),
                new Case("hook added", c -> c.with("hooks").withArray("prestart").addObject().put("path", "/usr/bin/true").put("timeout", 5),
                        "hook prestart /usr/bin/true added: timeout 5s", Effect.NEUTRAL, null, "/hooks/prestart/0"),
                new Case("hostname changed (an applied field from the support table)", c -> c.put("hostname", "web"),
                        "field /hostname changed: \"hardened\" -> \"web\"", Effect.NEUTRAL, "/hostname", "/hostname"),
                new Case("oomScoreAdj added", c -> c.with("process").put("oomScoreAdj", 500),
                        "field /process/oomScoreAdj added: 500", Effect.NEUTRAL, null, "/process/oomScoreAdj"),
                new Case("sysctl added", c -> c.with("linux").with("sysctl").put("net.ipv4.ip_unprivileged_port_start", "0"),
                        "sysctl net.ipv4.ip_unprivileged_port_start added: 0", Effect.NEUTRAL, null,
                        "/linux/sysctl/net.ipv4.ip_unprivileged_port_start"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void forward(Case k) throws Exception {
        ObjectNode edited = hardened();
        k.edit().accept(edited);
        DiffResult d = SpecDiff.compare(side("old.json", hardened()), side("new.json", edited));
        assertEquals(1, d.changes().size(), () -> DiffPrinter.text(d));
        Change c = d.changes().get(0);
        assertEquals(k.sentence(), c.sentence());
        assertEquals(k.effect(), c.effect());
        assertAt("old.json", k.oldPointer(), c.old());
        assertAt("new.json", k.newPointer(), c.now());
        assertEquals(k.effect() == Effect.WIDENS ? "widens isolation" : k.effect() == Effect.NARROWS ? "narrows isolation" : "neutral", d.summary());
    }

    @ParameterizedTest(name = "{0}, reversed")
    @MethodSource("cases")
    void backward(Case k) throws Exception {
        ObjectNode edited = hardened();
        k.edit().accept(edited);
        DiffResult d = SpecDiff.compare(side("new.json", edited), side("old.json", hardened()));
        assertEquals(1, d.changes().size(), () -> DiffPrinter.text(d));
        Change c = d.changes().get(0);
        Effect opposite = k.effect() == Effect.WIDENS ? Effect.NARROWS : k.effect() == Effect.NARROWS ? Effect.WIDENS : Effect.NEUTRAL;
        assertEquals(opposite, c.effect(), c.sentence());
        assertAt("new.json", k.newPointer(), c.old());
        assertAt("old.json", k.oldPointer(), c.now());
        assertEquals(reversed(k.sentence()), c.sentence());
    }

    /** Per-device limits (one io.max write per device): a change to the first of two devices is seen. */
    @Test
    void eachThrottledDeviceIsComparedOnItsOwn() throws Exception {
        ObjectNode base = hardened();
        ArrayNode reads = base.with("linux").with("resources").with("blockIO").putArray("throttleReadBpsDevice");
        reads.addObject().put("major", 8).put("minor", 0).put("rate", 1048576);
        reads.addObject().put("major", 8).put("minor", 16).put("rate", 2097152);
        ObjectNode edited = base.deepCopy();
        ((ObjectNode) edited.at("/linux/resources/blockIO/throttleReadBpsDevice/0")).put("rate", 4194304);
        DiffResult d = SpecDiff.compare(side("a.json", base), side("b.json", edited));
        assertEquals(1, d.changes().size(), () -> DiffPrinter.text(d));
        Change c = d.changes().get(0);
        assertTrue(c.sentence().contains("8:0") && c.sentence().contains("raised"), c.sentence());
        assertEquals(Effect.WIDENS, c.effect());
        assertAt("b.json", "/linux/resources/blockIO/throttleReadBpsDevice/0", c.now());
    }

    @Test
    void equalConfigsHaveNoChanges() throws Exception {
        DiffResult d = SpecDiff.compare(side("a", hardened()), side("b", hardened()));
        assertTrue(d.equal());
        assertEquals("neutral", d.summary());
        assertTrue(DiffPrinter.text(d).endsWith("summary: neutral (no differences)\n"));
    }

    @Test
    void aSyscallNamedWithTheDefaultActionIsNoChange() throws Exception {
        ObjectNode edited = hardened();
        ObjectNode r = edited.with("linux").with("seccomp").withArray("syscalls").addObject();
        r.putArray("names").add("keyctl");
        r.put("action", "SCMP_ACT_ERRNO").put("errnoRet", 1);
        DiffResult d = SpecDiff.compare(side("a", hardened()), side("b", edited));
        assertTrue(d.equal(), () -> DiffPrinter.text(d));
    }

    @Test
    void wideningAndNarrowingTogetherIsMixed() throws Exception {
        ObjectNode edited = hardened();
        edited.with("process").put("noNewPrivileges", false);
        edited.with("linux").with("resources").with("memory").put("limit", 33554432);
        DiffResult d = SpecDiff.compare(side("a", hardened()), side("b", edited));
        assertEquals("mixed", d.summary());
        assertEquals(1, d.count(Effect.WIDENS));
        assertEquals(1, d.count(Effect.NARROWS));
    }

    @Test
    void jsonCarriesBothSidesWithPositions() throws Exception {
        ObjectNode edited = hardened();
        edited.with("linux").with("resources").with("memory").put("limit", 33554432);
        var json = JSON.readTree(DiffPrinter.json(SpecDiff.compare(side("a.json", hardened()), side("b.json", edited))));
        assertEquals("narrows isolation", json.get("summary").asText());
        var change = json.get("changes").get(0);
        assertEquals("lowered", change.get("change").asText());
        assertEquals("67108864", change.at("/old/value").asText());
        assertEquals("/linux/resources/memory/limit", change.at("/new/pointer").asText());
        assertTrue(change.at("/new/line").asInt() > 0);
        assertEquals("b.json", change.at("/new/file").asText());
    }

    /** The sentence of the reversed change: gained/lost, added/removed, raised/lowered swap, values swap. */
    private static String reversed(String s) {
        if (s.contains(" changed: ") || s.contains(" raised: ") || s.contains(" lowered: ")) {
            int colon = s.indexOf(": ");
            String head = s.substring(0, colon).replace(" raised", " \0").replace(" lowered", " raised").replace(" \0", " lowered");
            String[] values = s.substring(colon + 2).split(" -> ");
            return head + ": " + values[1] + " -> " + values[0];
        }
        if (s.contains(" gained")) return s.replace(" gained", " lost");
        if (s.contains(" removed (was ")) return s.replace(" removed (was ", " added: ").replaceAll("\\)$", "");
        if (s.contains(" added: ")) return s.replace(" added: ", " removed (was ") + ")";
        if (s.endsWith(" added")) return s.replace(" added", " removed");
        return s.replace(" removed", " added");
    }

    private static void assertAt(String file, String pointer, Side.At at) {
        if (pointer == null) {
            assertNull(at);
            return;
        }
        assertEquals(pointer, at.pointer());
        assertEquals(file, at.file());
        assertTrue(at.line() > 0, at.toString());
    }

    static ObjectNode hardened() throws Exception {
        return (ObjectNode) JSON.readTree(Files.readString(Path.of("examples/hardened.json")));
    }

    static Side side(String label, ObjectNode config) throws Exception {
        LoadedSpec loaded = SpecLoader.parse(label, JSON.writeValueAsString(config));
        var v = Validator.validate(loaded, false);
        if (v.hasErrors()) throw new AssertionError(v.errors().toString());
        return new Side(label, loaded, Planner.plan(loaded.spec(), PlanRequest.forRun("t", "/bundle"), HostFacts.portable()));
    }

    private static void bind(ObjectNode c, String source, String... options) {
        ObjectNode m = c.withArray("mounts").addObject().put("destination", "/data").put("type", "bind").put("source", source);
        ArrayNode o = m.putArray("options");
        for (String s : options) o.add(s);
    }

    private static void seccompRule(ObjectNode c, String name, String action) {
        ObjectNode r = c.with("linux").with("seccomp").withArray("syscalls").addObject();
        r.putArray("names").add(name);
        r.put("action", action);
    }
}
