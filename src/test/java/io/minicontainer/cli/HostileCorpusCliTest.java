package io.minicontainer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A generated corpus of malformed and hostile configs (wrong types everywhere, out-of-range numbers,
 * escaping paths, unknown names, values the kernel would refuse after clone), each run through
 * validate, plan, run --dry-run and run: exit 65, the expected pointer on a file:line:col line, no
 * stack trace or exception name, and no container state left. Every config here is refused before
 * any host step, so `run` never reaches the helper.
 */
class HostileCorpusCliTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    record Case(String name, String pointer, Function<ObjectNode, String> text) {
        @Override public String toString() { return name; }
    }

    /** A base config with most sections present, so wrong types can be put anywhere. */
    private static ObjectNode base() {
        try {
            return (ObjectNode) JSON.readTree("""
                {"ociVersion": "1.0.2", "root": {"path": "rootfs"},
                 "process": {"args": ["/bin/sh", "-c", "true"], "env": ["PATH=/bin"], "cwd": "/",
                   "user": {"uid": 0, "gid": 0, "additionalGids": [1]},
                   "capabilities": {"bounding": ["CAP_CHOWN"], "effective": ["CAP_CHOWN"], "permitted": ["CAP_CHOWN"]},
                   "rlimits": [{"type": "RLIMIT_NOFILE", "soft": 100, "hard": 100}]},
                 "hostname": "h",
                 "mounts": [{"destination": "/tmp", "type": "tmpfs", "source": "tmpfs", "options": ["nosuid"]}],
                 "hooks": {"poststop": [{"path": "/bin/true"}]},
                 "linux": {"namespaces": [{"type": "pid"}, {"type": "mount"}, {"type": "uts"}, {"type": "ipc"}],
                   "resources": {"memory": {"limit": 67108864}, "pids": {"limit": 10}, "cpu": {"shares": 512},
                                 "devices": [{"allow": false, "access": "rwm"}]},
                   "devices": [{"path": "/dev/fuse", "type": "c", "major": 10, "minor": 229}],
                   "sysctl": {"kernel.shmmni": "100"},
                   "maskedPaths": ["/proc/kcore"], "readonlyPaths": ["/proc/sys"],
                   "seccomp": {"defaultAction": "SCMP_ACT_ALLOW", "architectures": ["SCMP_ARCH_X86_64"],
                               "syscalls": [{"names": ["mkdir"], "action": "SCMP_ACT_ERRNO", "args": [{"index": 0, "value": 1, "op": "SCMP_CMP_EQ"}]}]}}}
                """);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Case set(String name, String pointer, String valueJson, String expectedPointer) {
        return new Case(name, expectedPointer, c -> {
            try {
                put(c, pointer, JSON.readTree(valueJson));
                return c.toPrettyString();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static Case set(String pointer, String valueJson) { return set(pointer + "=" + valueJson, pointer, valueJson, pointer); }

    private static void put(ObjectNode root, String pointer, JsonNode value) {
        int cut = pointer.lastIndexOf('/');
        JsonNode parent = root.at(pointer.substring(0, cut));
        String last = pointer.substring(cut + 1).replace("~1", "/").replace("~0", "~");
        if (parent instanceof ArrayNode a) a.set(Integer.parseInt(last), value);
        else ((ObjectNode) parent).set(last, value);
    }

    static Stream<Case> corpus() {
        List<Case> out = new ArrayList<>();
        // wrong JSON types at every kind of field
        for (String p : List.of("/ociVersion", "/root/path", "/process/cwd", "/hostname", "/process/args/0", "/process/env/0",
                "/mounts/0/destination", "/mounts/0/type", "/hooks/poststop/0/path", "/linux/cgroupsPath",
                "/linux/namespaces/0/type", "/linux/maskedPaths/0", "/linux/seccomp/defaultAction", "/linux/sysctl/kernel.shmmni",
                "/process/capabilities/bounding/0", "/process/rlimits/0/type", "/linux/devices/0/path")) {
            out.add(set(p, "5"));
        }
        for (String p : List.of("/process/user/uid", "/process/user/gid", "/process/rlimits/0/soft", "/linux/resources/memory/limit",
                "/linux/resources/pids/limit", "/linux/devices/0/major", "/linux/seccomp/syscalls/0/args/0/index", "/process/oomScoreAdj")) {
            out.add(set(p, "\"7\""));
            out.add(set(p + "=1.5", p, "1.5", p));
        }
        for (String p : List.of("/process/args", "/process/env", "/mounts", "/linux/namespaces", "/linux/maskedPaths",
                "/process/capabilities/bounding", "/linux/seccomp/syscalls", "/linux/devices", "/hooks/poststop")) {
            out.add(set(p, "{}"));
        }
        for (String p : List.of("/root", "/process", "/process/user", "/linux", "/linux/resources", "/hooks", "/linux/sysctl")) {
            out.add(set(p, "[]"));
        }
        // out of range, escaping, unknown
        out.add(set("/process/user/uid", "4294967295"));
        out.add(set("/process/user/additionalGids/0", "-1"));
        out.add(set("/process/oomScoreAdj", "1001"));
        out.add(set("/process/cwd", "\"relative\""));
        out.add(set("/process/args/0", "\"/bin/sh\\u0000x\""));
        out.add(set("/hostname", "\"" + "h".repeat(65) + "\""));
        out.add(set("/mounts/0/destination", "\"/../../etc\""));
        out.add(set("/mounts/0/destination", "\"/\""));
        out.add(set("mount-in-proc", "/mounts/0", "{\"destination\": \"/proc/sys\", \"type\": \"bind\", \"source\": \"/proc/sys\", \"options\": [\"rbind\"]}", "/mounts/0/destination"));
        out.add(set("mount-no-type", "/mounts/0", "{\"destination\": \"/mnt\", \"source\": \"tmpfs\"}", "/mounts/0/type"));
        out.add(set("bind-missing-source", "/mounts/0", "{\"destination\": \"/mnt\", \"type\": \"bind\", \"source\": \"/nonexistent/hostile\", \"options\": [\"bind\"]}", "/mounts/0/source"));
        out.add(set("/linux/maskedPaths/0", "\"relative\""));
        out.add(set("/linux/cgroupsPath", "\"/a/../../x\""));
        out.add(set("/linux/cgroupsPath", "\"/\""));
        out.add(set("/linux/cgroupsPath", "\"/mc/cgroup.procs\""));
        out.add(set("/linux/namespaces/0/type", "\"pidd\""));
        out.add(set("/linux/namespaces/0/path", "\"relative/ns\""));
        out.add(set("/linux/namespaces/0/path", "\"/etc/passwd\""));
        out.add(set("/process/capabilities/bounding/0", "\"CAP_BOGUS\""));
        out.add(set("/process/rlimits/0/type", "\"RLIMIT_BOGUS\""));
        out.add(set("/process/rlimits/0/soft", "1000"));
        out.add(set("/process/rlimits/0", "{\"type\": \"RLIMIT_NOFILE\", \"soft\": 30000, \"hard\": 30000}"));
        out.add(set("sysctl-host", "/linux/sysctl", "{\"vm.swappiness\": \"10\"}", "/linux/sysctl/vm.swappiness"));
        out.add(set("sysctl-escape", "/linux/sysctl", "{\"net/../../vm/swappiness\": \"10\"}", "/linux/sysctl/net~1..~1..~1vm~1swappiness"));
        out.add(set("/linux/resources/pids/limit", "99999999999999"));
        out.add(set("/linux/resources/memory/limit", "1"));
        out.add(set("/linux/resources/devices/0/access", "\"\""));
        out.add(set("/linux/resources/devices/0/access", "\"rwx\""));
        out.add(set("/linux/devices/0/major", "4096"));
        out.add(set("/linux/devices/0/path", "\"/dev/../etc/x\""));
        out.add(set("/linux/seccomp/defaultAction", "\"SCMP_ACT_BOGUS\""));
        out.add(set("/linux/seccomp/architectures/0", "\"SCMP_ARCH_PDP11\""));
        out.add(set("/linux/seccomp/syscalls/0/args/0/op", "\"SCMP_CMP_BOGUS\""));
        out.add(set("/linux/seccomp/syscalls/0/args/0/index", "6"));
        out.add(set("/linux/seccomp/syscalls/0/action", "\"SCMP_ACT_NOTIFY\""));
        out.add(set("/hooks/poststop/0/path", "\"relative-hook\""));
        out.add(set("/hooks/poststop/0/path", "\"/nonexistent/hook\""));
        out.add(set("/hooks/poststop/0", "{\"path\": \"/bin/true\", \"timeout\": -1}"));
        out.add(set("userns-root-unmapped", "/linux/namespaces/0", "{\"type\": \"user\"}", "/linux/uidMappings"));
        out.add(set("/process/apparmorProfile", "\"unconfined\""));
        out.add(set("/linux/intelRdt", "{\"closID\": \"x\"}"));
        out.add(set("/linux/resources/hugepageLimits", "[{\"pageSize\": \"2MB\", \"limit\": 1}]"));
        out.add(set("/linux/resources/unified", "{\"memory.max\": \"1\"}"));
        // text that is not a JSON object, or not UTF-8
        out.add(new Case("not-utf8", "/hostname", c -> null));
        out.add(new Case("nested-too-deep", "/annotations", c -> c.toString().replaceFirst("\\{", "{\"annotations\": " + "[".repeat(1500) + "]".repeat(1500) + ",")));
        out.add(new Case("nan", "/process/oomScoreAdj", c -> c.toString().replace("\"cwd\":\"/\"", "\"cwd\":\"/\",\"oomScoreAdj\":NaN")));
        return out.stream();
    }

    private static final List<String> HOST_FACTS = List.of("30000", "bind-missing-source", "/nonexistent/hook", "/etc/passwd");

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void everyVerbRefusesItWithItsPointerAndLeavesNothing(Case c, @TempDir Path dir) throws IOException {
        String text = c.text().apply(base());
        Path config = dir.resolve("config.json");
        if (text == null) Files.write(config, ("{\"ociVersion\": \"1.0.2\", \"hostname\": \"a\u00ff\"}").getBytes(StandardCharsets.ISO_8859_1));
        else Files.writeString(config, text);
        PreflightCliTest.rootfsWithShell(dir);
        Path state = dir.resolve("state");
        // host facts (files, the host's limits) are checked on a bundle directory; a lone file is portable
        boolean hostFact = HOST_FACTS.stream().anyMatch(c.name()::contains);
        for (List<String> verb : List.of(List.of("validate", dir.toString()),
                hostFact ? List.of("validate", "--strict", dir.toString()) : List.of("validate", config.toString()),
                List.of("--root", state.toString(), "plan", dir.toString()),
                List.of("--root", state.toString(), "run", "--dry-run", dir.toString()),
                List.of("--root", state.toString(), "run", "--id", "hostile", dir.toString()))) {
            CliHarness.Result r = CliHarness.run(verb.toArray(String[]::new));
            String all = r.out() + r.err();
            assertEquals(ExitCode.INVALID_INPUT, r.exitCode(), verb + " exit\n" + all);
            assertTrue(all.lines().anyMatch(l -> l.contains("config.json:") && (l.contains(c.pointer() + ": ") || l.contains(c.pointer() + "/"))),
                    verb + ": no line with " + c.pointer() + "\n" + all);
            assertFalse(all.contains("Exception") || all.contains("\tat "), verb + ": exception\n" + all);
            List<String> errors = r.err().lines().filter(l -> !l.contains("warning:")).toList();
            if (!verb.get(0).equals("validate")) {
                assertTrue(errors.get(errors.size() - 1).contains(c.pointer()) || all.contains("more above"),
                        verb + ": the last line must be the error\n" + all);
            }
        }
        if (Files.exists(state)) {
            try (Stream<Path> s = Files.list(state)) {
                assertEquals(List.of(), s.map(Path::toString).toList(), "state left");
            }
        }
    }
}
