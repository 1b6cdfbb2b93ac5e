package io.minicontainer.oci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.File;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** `exec` into a running container: namespaces, cgroups, identity, seccomp, fds, exit status, signals, --detach. */
class ExecIT {
    private static final List<String> NS = List.of("pid", "mnt", "net", "ipc", "uts", "cgroup");

    private final OciFixture fx;
    private final OciCli cli;

    ExecIT() throws Exception {
        fx = new OciFixture();
        cli = fx.cli;
    }

    @AfterEach
    void tearDown() throws Exception { fx.close(); }

    /** A started container running `sleep 600`; returns its init's host pid. */
    private int running(String id, java.util.function.Consumer<ObjectNode> tweak) throws Exception {
        Path bundle = fx.bundle("b-" + id, List.of("sleep", "600"), tweak);
        OciCli.Result created = cli.create(id, bundle, fx.work.resolve("out"), fx.work.resolve("err"));
        assertEquals(0, created.code(), created.toString());
        assertEquals(0, cli.run("start", id).code());
        fx.awaitStatus(id, "running");
        return fx.state(id).get("pid").asInt();
    }

    private static Map<String, String> values(String out) {
        Map<String, String> m = new TreeMap<>();
        for (String l : out.split("\n")) if (l.contains("=")) m.put(l.substring(0, l.indexOf('=')), l.substring(l.indexOf('=') + 1));
        return m;
    }

    @Test
    void joinsEveryNamespaceAndCgroupOfTheInit() throws Exception {
        String id = OciFixture.newId("exec");
        int pid = running(id, c -> { });
        StringBuilder script = new StringBuilder();
        for (String ns : NS) script.append("echo ").append(ns).append("=$(readlink /proc/self/ns/").append(ns).append("); ");
        script.append("echo cg=$(cat /proc/self/cgroup | tr '\\n' ' '); echo initcg=$(cat /proc/1/cgroup | tr '\\n' ' '); echo host=$(hostname)");
        OciCli.Result r = cli.run("exec", id, "sh", "-c", script.toString());
        assertEquals(0, r.code(), r.toString());
        Map<String, String> v = values(r.out());
        for (String ns : NS) {
            String init = Files.readSymbolicLink(Path.of("/proc/" + pid + "/ns/" + ns)).toString();
            assertEquals(init, v.get(ns), ns + " namespace differs from the init's\n" + r);
            assertNotEquals(Files.readSymbolicLink(Path.of("/proc/self/ns/" + ns)).toString(), v.get(ns), ns + " is still the host's");
        }
        assertEquals(v.get("initcg"), v.get("cg"), "the exec'd process is in every cgroup of the init\n" + r);
        assertEquals("busybox", v.get("host"), "the container's hostname (bundles/busybox)");
        fx.cli.run("delete", "--force", id);
        fx.assertGone(id);
    }

    /** A listed time namespace is joined too (the table's join order holds every kind; exec skipped this one). */
    @Test
    void joinsTheTimeNamespace() throws Exception {
        String id = OciFixture.newId("exec");
        int pid = running(id, c -> ((com.fasterxml.jackson.databind.node.ArrayNode) c.get("linux").get("namespaces"))
                .addObject().put("type", "time"));
        OciCli.Result r = cli.run("exec", id, "sh", "-c", "echo time=$(readlink /proc/self/ns/time)");
        assertEquals(0, r.code(), r.toString());
        String init = Files.readSymbolicLink(Path.of("/proc/" + pid + "/ns/time")).toString();
        assertNotEquals(Files.readSymbolicLink(Path.of("/proc/self/ns/time")).toString(), init, "the init has its own time namespace");
        assertEquals(init, values(r.out()).get("time"), r.toString());
        fx.cli.run("delete", "--force", id);
        fx.assertGone(id);
    }

    @Test
    void joinsTheUserNamespaceFirst() throws Exception {
        String id = OciFixture.newId("exec");
        int pid = running(id, c -> {
            ObjectNode linux = (ObjectNode) c.get("linux");
            ((com.fasterxml.jackson.databind.node.ArrayNode) linux.get("namespaces")).addObject().put("type", "user");
            for (String key : List.of("uidMappings", "gidMappings")) {
                linux.putArray(key).addObject().put("containerID", 0).put("hostID", 100000).put("size", 65536);
            }
        });
        OciCli.Result r = cli.run("exec", id, "sh", "-c", "echo user=$(readlink /proc/self/ns/user); echo uid=$(id -u); cat /proc/self/uid_map");
        assertEquals(0, r.code(), r.toString());
        Map<String, String> v = values(r.out());
        assertEquals(Files.readSymbolicLink(Path.of("/proc/" + pid + "/ns/user")).toString(), v.get("user"), r.toString());
        assertEquals("0", v.get("uid"), "root inside the namespace");
        assertTrue(r.out().replaceAll("\\s+", " ").contains("0 100000 65536"), r.toString());
        String hostUid = Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream().filter(l -> l.startsWith("Uid:")).findFirst().orElseThrow();
        assertTrue(hostUid.contains("100000"), "the init runs as host uid 100000: " + hostUid);
    }

    @Test
    void appliesUserCapabilitiesRlimitsNoNewPrivsAndTheContainersSeccompFilter() throws Exception {
        String id = OciFixture.newId("exec");
        running(id, c -> {
            ObjectNode p = (ObjectNode) c.get("process");
            p.put("noNewPrivileges", false);
            ObjectNode seccomp = ((ObjectNode) c.get("linux")).putObject("seccomp");
            seccomp.put("defaultAction", "SCMP_ACT_ALLOW");
            seccomp.putArray("architectures").add("SCMP_ARCH_X86_64");
            ObjectNode rule = seccomp.putArray("syscalls").addObject();
            rule.putArray("names").add("mkdir").add("mkdirat");
            rule.put("action", "SCMP_ACT_ERRNO");
            rule.put("errnoRet", 1);
        });
        Path process = fx.work.resolve("process.json");
        Files.writeString(process, """
                {"args": ["sh", "-c", "echo id=$(id -u):$(id -g):$(id -G | tr ' ' ,); grep -E '^(CapEff|CapBnd|NoNewPrivs|Seccomp):' /proc/self/status | tr -d '\\\\t' | sed 's/:/=/'; echo nofile=$(ulimit -n); echo cwd=$(pwd); echo env=$X; mkdir /tmp/m 2>/dev/null; echo mkdir=$?"],
                 "env": ["PATH=/bin:/usr/bin", "X=from-process-file"], "cwd": "/tmp",
                 "user": {"uid": 1000, "gid": 1000, "additionalGids": [10]},
                 "capabilities": {"bounding": ["CAP_KILL", "CAP_NET_RAW"], "effective": ["CAP_KILL"], "permitted": ["CAP_KILL"],
                                  "inheritable": ["CAP_KILL"], "ambient": ["CAP_KILL"]},
                 "rlimits": [{"type": "RLIMIT_NOFILE", "soft": 321, "hard": 654}],
                 "noNewPrivileges": true}
                """);
        OciCli.Result r = cli.run("exec", "--process", process.toString(), id);
        assertEquals(0, r.code(), r.toString());
        Map<String, String> v = values(r.out());
        assertEquals("1000:1000:1000,10", v.get("id"), r.toString());
        assertEquals("0000000000000020", v.get("CapEff"), "CAP_KILL only (ambient, so it survives execve as uid 1000)\n" + r);
        assertEquals("0000000000002020", v.get("CapBnd"), "CAP_KILL and CAP_NET_RAW\n" + r);
        assertEquals("1", v.get("NoNewPrivs"));
        assertEquals("2", v.get("Seccomp"), "the container's filter is loaded\n" + r);
        assertEquals("1", v.get("mkdir"), "mkdir is refused by the container's filter\n" + r);
        assertEquals("321", v.get("nofile"));
        assertEquals("/tmp", v.get("cwd"));
        assertEquals("from-process-file", v.get("env"));

        // runc's flags on the container's own process
        OciCli.Result flags = cli.run("exec", "--user", "1000:1000", "--cwd", "/etc", "-e", "Y=flag", "--cap", "CAP_NET_RAW", id,
                "sh", "-c", "echo id=$(id -u):$(id -g); echo cwd=$(pwd); echo env=$Y; grep CapBnd /proc/self/status | tr -d '\\t' | sed 's/:/=/'");
        assertEquals(0, flags.code(), flags.toString());
        Map<String, String> f = values(flags.out());
        assertEquals("1000:1000", f.get("id"));
        assertEquals("/etc", f.get("cwd"));
        assertEquals("flag", f.get("env"));
        assertEquals("0000000020002420", f.get("CapBnd"), "the container's bounding set plus CAP_NET_RAW\n" + flags);
    }

    @Test
    void onlyStdioReachesTheProcessAndItsStatusAndSignalsPassThrough() throws Exception {
        String id = OciFixture.newId("exec");
        running(id, c -> { });
        // every fd of the shell that still exists after the glob (the glob's own directory fd is closed by then)
        OciCli.Result fds = cli.run("exec", id, "sh", "-c", "for f in /proc/$$/fd/*; do [ -e $f ] && echo fd=${f##*/}; done; true");
        assertEquals(0, fds.code(), fds.toString());
        assertEquals("fd=0\nfd=1\nfd=2\n", fds.out(), "exactly stdin, stdout and stderr\n" + fds);

        OciCli.Result status = cli.run("exec", id, "sh", "-c", "exit 42");
        assertEquals(42, status.code(), status.toString());

        Path out = fx.work.resolve("sig.out");
        Process p = new ProcessBuilder(cli.command("exec", id, "sh", "-c",
                "trap 'echo got-term; exit 7' TERM; echo ready; while :; do sleep 0.1; done"))
                .redirectInput(Redirect.from(new File("/dev/null"))).redirectOutput(out.toFile())
                .redirectError(fx.work.resolve("sig.err").toFile()).start();
        OciFixture.awaitContent(out, "ready");
        p.toHandle().destroy(); // SIGTERM to `mini-container exec`, forwarded to the process
        assertTrue(p.waitFor(10, TimeUnit.SECONDS));
        assertEquals(7, p.exitValue(), Files.readString(out) + Files.readString(fx.work.resolve("sig.err")));
        assertTrue(Files.readString(out).contains("got-term"));
    }

    @Test
    void detachWritesThePidFileAndLeavesTheProcessRunningInTheContainer() throws Exception {
        String id = OciFixture.newId("exec");
        int init = running(id, c -> { });
        Path pidFile = fx.work.resolve("exec.pid"), out = fx.work.resolve("d.out");
        Process p = new ProcessBuilder(cli.command("exec", "--detach", "--pid-file", pidFile.toString(), id, "sh", "-c",
                "echo detached; exec sleep 300"))
                .redirectInput(Redirect.from(new File("/dev/null"))).redirectOutput(out.toFile())
                .redirectError(fx.work.resolve("d.err").toFile()).start();
        assertTrue(p.waitFor(20, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), Files.readString(fx.work.resolve("d.err")));
        int pid = Integer.parseInt(Files.readString(pidFile).trim());
        assertTrue(OciFixture.alive(pid), "the detached process outlives exec");
        assertEquals(Files.readSymbolicLink(Path.of("/proc/" + init + "/ns/pid")), Files.readSymbolicLink(Path.of("/proc/" + pid + "/ns/pid")));
        OciFixture.awaitContent(out, "detached");
        OciCli.Result ps = cli.run("ps", id);
        assertTrue(ps.out().contains(Integer.toString(pid)), "ps lists the exec'd process\n" + ps);
        assertEquals(0, cli.run("delete", "--force", id).code());
        long deadline = System.currentTimeMillis() + 5000;
        while (OciFixture.alive(pid) && System.currentTimeMillis() < deadline) Thread.sleep(20);
        assertTrue(!OciFixture.alive(pid), "delete --force kills the exec'd process with the container");
        fx.assertGone(id);
    }

    @Test
    void refusedForAContainerThatIsNotRunningAndDryRunPrintsThePlan() throws Exception {
        String id = OciFixture.newId("exec");
        Path bundle = fx.bundle("b", "sleep", "600");
        assertEquals(0, cli.create(id, bundle, fx.work.resolve("o"), fx.work.resolve("e")).code());
        OciCli.Result created = cli.run("exec", id, "true");
        assertEquals(65, created.code(), created.toString());
        assertTrue(created.err().contains("is created: exec needs a running container"), created.toString());
        assertEquals(0, cli.run("start", id).code());
        OciCli.Result plan = cli.run("exec", "--dry-run", id, "echo", "x");
        assertEquals(0, plan.code(), plan.toString());
        for (String want : List.of("setns pid namespace", "setns mount namespace", "clone", "cgroup.procs", "execve echo x")) {
            assertTrue(plan.out().contains(want), "plan shows " + want + "\n" + plan.out());
        }
        OciCli.Result unknown = cli.run("exec", "no-such-container", "true");
        assertEquals(65, unknown.code());
        assertTrue(unknown.err().contains("does not exist"), unknown.toString());
    }
}
