package io.minicontainer.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.minicontainer.bench.ContainersSeccompProfile;
import io.minicontainer.seccomp.Arch;
import io.minicontainer.seccomp.SyscallTable;
import io.minicontainer.spec.DefaultSpec;
import io.minicontainer.testing.BusyboxRootfs;
import io.minicontainer.testing.ContainerFixture;
import io.minicontainer.testing.ContainerFixture.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * linux.seccomp is enforced: a static probe in the rootfs makes a table of syscalls and prints
 * what happened to each (ok, errno N, trap, signal N). Every profile is also run under runc with
 * the same config and the same probe, and the observations must be identical (differential test).
 */
class SeccompIT {
    static final String ALL_ARCHES = "['SCMP_ARCH_X86_64','SCMP_ARCH_X86','SCMP_ARCH_X32']";

    /** One probe call: label, abi (64, or 32 = int $0x80), syscall number, arguments. */
    record Call(String label, int abi, long nr, long... args) {
        static Call of(String label, String name, long... args) {
            return new Call(label, 64, SyscallTable.number(Arch.X86_64, name).orElseThrow(), args);
        }

        static Call i386(String label, String name, long... args) {
            return new Call(label, 32, SyscallTable.number(Arch.X86, name).orElseThrow(), args);
        }

        static Call x32(String label, String name, long... args) {
            return new Call(label, 64, SyscallTable.number(Arch.X32, name).orElseThrow(), args);
        }

        String arg() {
            StringBuilder b = new StringBuilder(label + ":" + abi + ":" + nr);
            for (int i = 0; i < args.length; i++) b.append(i == 0 ? ":" : ",").append(Long.toUnsignedString(args[i]));
            return b.toString();
        }
    }

    // ---- podman's default profile ----

    static final List<Call> PODMAN_CALLS = List.of(
            Call.of("getpid", "getpid"),
            Call.of("add_key", "add_key"),
            Call.of("request_key", "request_key"),
            Call.of("kexec_load", "kexec_load"),
            Call.of("userfaultfd", "userfaultfd"),
            Call.of("bpf", "bpf", 999),
            Call.of("perf_event_open", "perf_event_open"),
            Call.of("personality_query", "personality", 0xffffffffL),
            Call.of("personality_unlisted", "personality", 0x0400000),
            Call.of("unshare_none", "unshare", 0),
            Call.of("mkdir_null", "mkdir", 0, 0755),
            Call.of("socket_netlink_audit", "socket", 16, 3, 9),
            Call.i386("i386_getpid", "getpid"),
            Call.i386("i386_kexec_load", "kexec_load"),
            Call.x32("x32_getpid", "getpid"),
            new Call("unknown_1000", 64, 1000));

    @Test
    void podmansDefaultProfileBehavesAsUnderRunc() throws Exception {
        Path profile = ContainersSeccompProfile.DEBIAN_DEFAULT;
        assertTrue(Files.exists(profile), "install golang-github-containers-common for " + profile);
        JsonNode seccomp = ContainerFixture.JSON.valueToTree(ContainersSeccompProfile.load(profile, DefaultSpec.DEFAULT_CAPS));
        Map<String, String> mc = differential(seccomp, true, PODMAN_CALLS);
        assertEquals("2", mc.get("seccomp"));
        assertEquals("ok", mc.get("getpid"));
        assertEquals("errno 38", mc.get("add_key"), "the default action, ENOSYS");
        assertEquals("errno 38", mc.get("request_key"));
        assertEquals("errno 1", mc.get("kexec_load"));
        assertEquals("errno 1", mc.get("userfaultfd"));
        assertEquals("errno 1", mc.get("bpf"), "without CAP_SYS_ADMIN");
        assertEquals("errno 1", mc.get("perf_event_open"));
        assertEquals("ok", mc.get("personality_query"));
        assertEquals("errno 38", mc.get("personality_unlisted"));
        assertEquals("errno 14", mc.get("mkdir_null"), "allowed: the kernel itself answers EFAULT");
        assertEquals("ok", mc.get("i386_getpid"), "x86 is listed");
        assertEquals("errno 1", mc.get("i386_kexec_load"));
    }

    // ---- every action ----

    static final String EVERY_ACTION = "{'defaultAction':'SCMP_ACT_ALLOW','syscalls':["
            + "{'names':['mkdir'],'action':'SCMP_ACT_ERRNO','errnoRet':13},"
            + "{'names':['mkdirat'],'action':'SCMP_ACT_ERRNO'},"
            + "{'names':['rmdir'],'action':'SCMP_ACT_KILL'},"
            + "{'names':['unlink'],'action':'SCMP_ACT_KILL_THREAD'},"
            + "{'names':['unlinkat'],'action':'SCMP_ACT_KILL_PROCESS'},"
            + "{'names':['symlink'],'action':'SCMP_ACT_TRAP'},"
            + "{'names':['link'],'action':'SCMP_ACT_TRACE','errnoRet':5},"
            + "{'names':['chmod'],'action':'SCMP_ACT_LOG'},"
            + "{'names':['getpid','getppid','bogus_syscall'],'action':'SCMP_ACT_ALLOW','args':null}],'flags':null}";

    @Test
    void everyActionBehavesAsUnderRunc() throws Exception {
        Map<String, String> mc = differential(json(EVERY_ACTION), true, List.of(
                Call.of("mkdir", "mkdir", 0, 0755), Call.of("mkdirat", "mkdirat", -100, 0, 0755),
                Call.of("rmdir", "rmdir", 0), Call.of("unlink", "unlink", 0), Call.of("unlinkat", "unlinkat", -100, 0, 0),
                Call.of("symlink", "symlink", 0, 0), Call.of("link", "link", 0, 0), Call.of("chmod", "chmod", 0, 0755),
                Call.of("getpid", "getpid"), Call.of("rename", "rename", 0, 0),
                Call.i386("i386_getpid", "getpid"), Call.x32("x32_getpid", "getpid")));
        assertEquals("2", mc.get("seccomp"));
        assertEquals("errno 13", mc.get("mkdir"));
        assertEquals("errno 1", mc.get("mkdirat"), "ERRNO without errnoRet: EPERM");
        assertEquals("signal 31", mc.get("rmdir"));
        assertEquals("signal 31", mc.get("unlink"));
        assertEquals("signal 31", mc.get("unlinkat"));
        assertEquals("trap", mc.get("symlink"));
        assertEquals("errno 38", mc.get("link"), "TRACE without a tracer: ENOSYS");
        assertEquals("errno 14", mc.get("chmod"), "LOG lets it through");
        assertEquals("ok", mc.get("getpid"));
        assertEquals("errno 14", mc.get("rename"), "the default action ALLOW");
        assertEquals("signal 31", mc.get("i386_getpid"), "x86 is not listed: kill");
        assertEquals("signal 31", mc.get("x32_getpid"), "x32 is not listed: kill");
    }

    // ---- every operator, on both 32-bit halves (the get* syscalls ignore their arguments) ----

    static final String EVERY_OPERATOR = "{'defaultAction':'SCMP_ACT_ALLOW','architectures':" + ALL_ARCHES + ",'syscalls':["
            + "{'names':['getpid'],'action':'SCMP_ACT_ERRNO','errnoRet':10,'args':[{'index':0,'value':5,'op':'SCMP_CMP_NE'}]},"
            + "{'names':['getppid'],'action':'SCMP_ACT_ERRNO','errnoRet':11,'args':[{'index':1,'value':4294967296,'op':'SCMP_CMP_LT'}]},"
            + "{'names':['getuid'],'action':'SCMP_ACT_ERRNO','errnoRet':12,'args':[{'index':2,'value':4294967301,'op':'SCMP_CMP_LE'}]},"
            + "{'names':['getgid'],'action':'SCMP_ACT_ERRNO','errnoRet':13,'args':[{'index':3,'value':18446744069414584321,'op':'SCMP_CMP_EQ'}]},"
            + "{'names':['geteuid'],'action':'SCMP_ACT_ERRNO','errnoRet':14,'args':[{'index':4,'value':8589934592,'op':'SCMP_CMP_GE'}]},"
            + "{'names':['getegid'],'action':'SCMP_ACT_ERRNO','errnoRet':15,'args':[{'index':5,'value':7,'op':'SCMP_CMP_GT'}]},"
            + "{'names':['gettid'],'action':'SCMP_ACT_ERRNO','errnoRet':16,'args':[{'index':0,'value':18374686479671623935,"
            + "'valueTwo':1297036692682702900,'op':'SCMP_CMP_MASKED_EQ'}]},"
            + "{'names':['sched_yield'],'action':'SCMP_ACT_ERRNO','errnoRet':17,'args':[{'index':0,'value':1,'op':'SCMP_CMP_EQ'},"
            + "{'index':1,'value':2,'op':'SCMP_CMP_EQ'}]},"
            + "{'names':['getpgrp'],'action':'SCMP_ACT_ERRNO','errnoRet':18,'args':[{'index':0,'value':1,'op':'SCMP_CMP_EQ'}]},"
            + "{'names':['getpgrp'],'action':'SCMP_ACT_ERRNO','errnoRet':19,'args':[{'index':0,'value':2,'op':'SCMP_CMP_EQ'}]}]}";

    @Test
    void everyOperatorBehavesAsUnderRunc() throws Exception {
        long hi = 1L << 32;
        List<Call> calls = new ArrayList<>();
        for (long v : new long[] {5, 6, hi + 5}) calls.add(Call.of("ne_" + Long.toHexString(v), "getpid", v));
        for (long v : new long[] {0, hi - 1, hi, hi + 1, -1L}) calls.add(Call.of("lt_" + Long.toHexString(v), "getppid", 0, v));
        for (long v : new long[] {5, hi + 5, hi + 6, 2 * hi}) calls.add(Call.of("le_" + Long.toHexString(v), "getuid", 0, 0, v));
        for (long v : new long[] {0xffffffff00000001L, 1, 0xffffffffL << 32}) calls.add(Call.of("eq_" + Long.toHexString(v), "getgid", 0, 0, 0, v));
        for (long v : new long[] {2 * hi - 1, 2 * hi, 2 * hi + 1, 3 * hi}) calls.add(Call.of("ge_" + Long.toHexString(v), "geteuid", 0, 0, 0, 0, v));
        for (long v : new long[] {7, 8, hi, hi + 7}) calls.add(Call.of("gt_" + Long.toHexString(v), "getegid", 0, 0, 0, 0, 0, v));
        for (long v : new long[] {0x1200000000000034L, 0x12ffffffffffff34L, 0x1300000000000034L, 0x1200000000000035L}) {
            calls.add(Call.of("masked_" + Long.toHexString(v), "gettid", v));
        }
        calls.add(Call.of("and_both", "sched_yield", 1, 2));
        calls.add(Call.of("and_one", "sched_yield", 1, 3));
        calls.add(Call.of("or_1", "getpgrp", 1));
        calls.add(Call.of("or_2", "getpgrp", 2));
        calls.add(Call.of("or_3", "getpgrp", 3));
        calls.add(Call.i386("i386_ne", "getpid", 6));
        calls.add(Call.i386("i386_gt", "getegid", 0, 0, 0, 0, 0));
        Map<String, String> mc = differential(json(EVERY_OPERATOR), true, calls);
        assertEquals("ok", mc.get("ne_5"));
        assertEquals("errno 10", mc.get("ne_100000005"), "the high half differs");
        assertEquals("errno 11", mc.get("lt_ffffffff"));
        assertEquals("ok", mc.get("lt_100000000"));
        assertEquals("errno 12", mc.get("le_100000005"));
        assertEquals("ok", mc.get("le_100000006"));
        assertEquals("errno 13", mc.get("eq_ffffffff00000001"));
        assertEquals("ok", mc.get("eq_1"), "same low half, other high half");
        assertEquals("ok", mc.get("ge_1ffffffff"));
        assertEquals("errno 14", mc.get("ge_200000000"));
        assertEquals("errno 15", mc.get("gt_100000000"));
        assertEquals("ok", mc.get("gt_7"));
        assertEquals("errno 16", mc.get("masked_12ffffffffffff34"));
        assertEquals("ok", mc.get("masked_1300000000000034"));
        assertEquals("errno 17", mc.get("and_both"));
        assertEquals("ok", mc.get("and_one"));
        assertEquals("errno 18", mc.get("or_1"));
        assertEquals("errno 19", mc.get("or_2"));
        assertEquals("ok", mc.get("or_3"));
        assertEquals("errno 10", mc.get("i386_ne"));
    }

    /** runc's rule: a syscall numbered above every name in the profile is newer than it and gets ENOSYS, not the default errno. */
    @Test
    void syscallsNewerThanTheProfileGetEnosysAsUnderRunc() throws Exception {
        JsonNode seccomp = ContainerFixture.JSON.valueToTree(ContainersSeccompProfile.load(ContainersSeccompProfile.DEBIAN_DEFAULT, DefaultSpec.DEFAULT_CAPS));
        ((ObjectNode) seccomp).put("defaultErrnoRet", 1);
        Map<String, String> mc = differential(seccomp, true, List.of(Call.of("add_key", "add_key"), new Call("nr_500", 64, 500),
                new Call("nr_1000", 64, 1000), Call.i386("i386_nr_1000", "getpid")));
        assertEquals("errno 1", mc.get("add_key"), "named nowhere, below the highest number: the default errno");
        assertEquals("errno 38", mc.get("nr_500"));
        assertEquals("errno 38", mc.get("nr_1000"));
    }

    // ---- placement ----

    /** Without no_new_privs the filter must be loaded while CAP_SYS_ADMIN is still held, then the user changes. */
    @Test
    void withoutNoNewPrivsTheFilterIsLoadedBeforeCapabilitiesAreDropped() throws Exception {
        Map<String, String> mc = differential(json(EVERY_ACTION), false, List.of(Call.of("mkdir", "mkdir", 0, 0755), Call.of("getpid", "getpid")));
        assertEquals("2", mc.get("seccomp"));
        assertEquals("errno 13", mc.get("mkdir"));
        assertEquals("ok", mc.get("getpid"));
    }

    @Test
    void busyboxMkdirIsDeniedByACustomProfileWithEveryFlag() throws Exception {
        try (ContainerFixture c = ContainerFixture.create()) {
            // flags: runc 1.1 refuses them, so they are checked here rather than in the differential tests
            c.linux().set("seccomp", json("{'defaultAction':'SCMP_ACT_ALLOW','syscalls':[{'names':['mkdir','mkdirat'],"
                    + "'action':'SCMP_ACT_ERRNO','errnoRet':1}],'flags':['SECCOMP_FILTER_FLAG_TSYNC','SECCOMP_FILTER_FLAG_LOG',"
                    + "'SECCOMP_FILTER_FLAG_SPEC_ALLOW','SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV']}"));
            c.shell("grep '^Seccomp:' /proc/self/status | tr -d '\\t'; mkdir /tmp/denied; echo mkdir=$?; [ -d /tmp/denied ] && echo exists=yes || echo exists=no");
            Result r = c.run("--trace");
            assertEquals("1", r.value("mkdir"), r.dump());
            assertTrue(r.stderr().contains("container seccomp seccomp filter: default allow, 2 errno(1)"), "--trace shows the load\n" + r.dump());
            assertEquals("no", r.value("exists"), r.dump());
            assertTrue(r.stdout().contains("Seccomp:2"), r.dump());
            c.assertNothingLeft();
        }
    }

    /** create loads the filter before waiting for start (as runc); the waiting and the exec still work under podman's profile. */
    @Test
    void createAndStartUnderPodmansProfile() throws Exception {
        try (ContainerFixture c = ContainerFixture.create()) {
            Path shared = c.scratch("out");
            c.mount("/out", "bind", shared.toString(), "bind");
            c.linux().set("seccomp", ContainerFixture.JSON.valueToTree(
                    ContainersSeccompProfile.load(ContainersSeccompProfile.DEBIAN_DEFAULT, DefaultSpec.DEFAULT_CAPS)));
            c.shell("grep '^Seccomp:' /proc/self/status > /out/status; echo started >> /out/status");
            Result created = c.cli(List.of("create", "--bundle", c.bundle().toString(), c.id()));
            assertEquals(0, created.exitCode(), created.dump());
            assertTrue(Files.notExists(shared.resolve("status")), "nothing runs before start");
            Result started = c.cli(List.of("start", c.id()));
            assertEquals(0, started.exitCode(), started.dump());
            Path status = shared.resolve("status");
            for (int i = 0; i < 300 && !(Files.exists(status) && Files.readString(status).contains("started")); i++) Thread.sleep(50);
            assertEquals("Seccomp:\t2\nstarted\n", Files.readString(status), "the container ran under the filter");
            Result deleted = c.cli(List.of("delete", "--force", c.id()));
            assertEquals(0, deleted.exitCode(), deleted.dump());
            c.assertNothingLeft();
        }
    }

    // ---- the differential harness ----

    /** Runs the probe under mini-container and under runc with the same config; asserts equal observations; returns ours. */
    private static Map<String, String> differential(JsonNode seccomp, boolean noNewPrivs, List<Call> calls) throws Exception {
        try (ContainerFixture c = ContainerFixture.create()) {
            Path probe = Path.of(System.getProperty("mc.seccompProbe", BusyboxRootfs.targetDir().resolve("seccomp-probe").toString()));
            Files.copy(probe, c.rootfs().resolve("probe"), StandardCopyOption.REPLACE_EXISTING);
            c.linux().set("seccomp", seccomp);
            c.process().put("noNewPrivileges", noNewPrivs);
            if (!noNewPrivs) c.process().putObject("user").put("uid", 1000).put("gid", 1000);
            List<String> args = new ArrayList<>(List.of("/probe"));
            calls.forEach(call -> args.add(call.arg()));
            c.args(args.toArray(String[]::new));
            Result r = c.run();
            assertEquals(0, r.exitCode(), r.dump());
            c.assertNothingLeft();
            Map<String, String> ours = parse(r.stdout());
            Map<String, String> runcs = parse(runc(c));
            assertEquals(runcs, ours, "mini-container and runc disagree\n--- runc\n" + runcs + "\n--- mini-container\n" + r.dump());
            assertEquals(calls.size() + 1, ours.size(), r.dump());
            return ours;
        }
    }

    /** The fixture's config under runc: a bundle beside it, a private --root, the same rootfs; runc removes its cgroup. */
    private static String runc(ContainerFixture c) throws IOException, InterruptedException {
        Path bundle = c.scratch("runc-bundle");
        Path root = c.scratch("runc-root");
        ObjectNode config = c.config().deepCopy();
        config.put("ociVersion", "1.0.2"); // runc 1.1 refuses newer spec versions
        config.withObject("/root").put("path", c.rootfs().toString());
        config.withObject("/process").put("terminal", false);
        config.withObject("/linux").remove("cgroupsPath");
        Files.writeString(bundle.resolve("config.json"), ContainerFixture.JSON.writeValueAsString(config));
        String id = "mcsec-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        Path out = bundle.resolve("stdout");
        Path err = bundle.resolve("stderr");
        Process p = new ProcessBuilder("runc", "--root", root.toString(), "run", "--bundle", bundle.toString(), id)
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS)) throw new AssertionError("runc run did not finish");
        } finally {
            p.destroyForcibly();
            new ProcessBuilder("runc", "--root", root.toString(), "delete", "--force", id).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(30, TimeUnit.SECONDS);
        }
        assertEquals(0, p.exitValue(), "runc failed: " + Files.readString(err) + Files.readString(out));
        return Files.readString(out);
    }

    private static Map<String, String> parse(String stdout) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String line : stdout.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) m.put(line.substring(0, eq), line.substring(eq + 1));
        }
        return m;
    }

    private static JsonNode json(String singleQuoted) {
        try {
            return ContainerFixture.JSON.readTree(singleQuoted.replace('\'', '"'));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
