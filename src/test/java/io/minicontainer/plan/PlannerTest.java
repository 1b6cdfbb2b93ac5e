package io.minicontainer.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minicontainer.spec.DefaultSpec;
import io.minicontainer.spec.Spec;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlannerTest {
    private static final PlanRequest RUN = PlanRequest.forRun("t1", "/bundle");

    private static Spec withResources(Spec s, Spec.Resources r) {
        Spec.Linux l = s.linux();
        return new Spec(s.ociVersion(), s.root(), s.process(), s.hostname(), s.domainname(), s.mounts(), s.hooks(),
                s.annotations(), new Spec.Linux(l.namespaces(), l.uidMappings(), l.gidMappings(), r, l.cgroupsPath(),
                        l.sysctl(), l.maskedPaths(), l.readonlyPaths(), l.devices(), l.rootfsPropagation(), l.seccomp(), l.mountLabel()));
    }

    private static List<String> kinds(Plan plan) {
        List<String> out = new ArrayList<>();
        for (Step s : plan.steps()) out.add(s.kind());
        return out;
    }

    private static int first(Plan plan, String kind) { return kinds(plan).indexOf(kind); }

    private static int last(Plan plan, String kind) { return kinds(plan).lastIndexOf(kind); }

    @Test
    void stepsFollowTheOrderACorrectRuntimeNeeds() {
        Spec spec = withResources(DefaultSpec.create(List.of("sh"), "rootfs", true),
                new Spec.Resources(new Spec.Memory(64L << 20, null, null, null, null, null, null), new Spec.Pids(10), null, null));
        Plan plan = Planner.plan(spec, RUN, TestFacts.hybrid());

        assertTrue(last(plan, "cgroup-write") < first(plan, "cgroup-join"), "limits are written before the helper joins");
        assertTrue(first(plan, "cgroup-join") < first(plan, "clone"), "the child is born inside its cgroups");
        assertTrue(first(plan, "clone") < first(plan, "mount"));
        assertTrue(last(plan, "mount") > first(plan, "pivot-root"), "readonly paths are remounted after pivot_root");
        assertTrue(first(plan, "pivot-root") < first(plan, "mask-path"));
        assertTrue(first(plan, "mask-path") < first(plan, "sethostname"));
        assertTrue(first(plan, "sethostname") < first(plan, "setrlimit"));
        assertTrue(first(plan, "setrlimit") < first(plan, "setgroups"));
        assertTrue(first(plan, "capbset-keep") < first(plan, "setresuid"), "the bounding set needs CAP_SETPCAP, before setuid");
        assertTrue(first(plan, "setgroups") < first(plan, "setresgid"));
        assertTrue(first(plan, "setresgid") < first(plan, "setresuid"));
        assertTrue(first(plan, "setresuid") < first(plan, "capset"));
        assertTrue(first(plan, "capset") < first(plan, "ambient-set"));
        assertTrue(first(plan, "ambient-set") < first(plan, "no-new-privs"));
        assertEquals("exec", kinds(plan).get(kinds(plan).size() - 1));
        assertEquals(1, kinds(plan).stream().filter("clone"::equals).count());
    }

    @Test
    void everyHostStepPrecedesEveryNativeStepAndSourcesArePointers() {
        Plan plan = Planner.plan(DefaultSpec.create(List.of("sh"), "rootfs", true), RUN, TestFacts.hybrid());
        boolean nativeSeen = false;
        for (Step s : plan.steps()) {
            if (s.where() != Where.HOST) nativeSeen = true;
            else assertTrue(!nativeSeen, "host step after native step: " + s.describe());
            for (String src : s.sources()) assertTrue(src.startsWith("/"), s.describe() + " has source " + src);
        }
    }

    @Test
    void bindMountFlagsNeedASecondRemountCall() {
        Spec base = DefaultSpec.create(List.of("sh"), "rootfs", false);
        List<Spec.Mount> mounts = new ArrayList<>(base.mounts());
        mounts.add(new Spec.Mount("/data", "bind", "data", List.of("rbind", "ro", "nosuid")));
        Spec spec = new Spec(base.ociVersion(), base.root(), base.process(), base.hostname(), null, mounts, null, null, base.linux());
        Plan plan = Planner.plan(spec, RUN, TestFacts.hybrid());
        List<NativeStep.Mount> data = plan.steps().stream().filter(s -> s instanceof NativeStep.Mount m && m.target().equals("/data"))
                .map(s -> (NativeStep.Mount) s).toList();
        assertEquals(2, data.size());
        assertEquals("/bundle/data", data.get(0).source(), "relative bind sources resolve against the bundle");
        assertEquals(Linux.MS_BIND | Linux.MS_REC, data.get(0).flags());
        assertEquals(Linux.MS_BIND | Linux.MS_REMOUNT | Linux.MS_RDONLY | Linux.MS_NOSUID, data.get(1).flags());
        assertEquals("/bundle/rootfs", data.get(1).root(), "targets resolve inside the rootfs");
    }

    @Test
    void readonlyRootIsRemountedAfterThePaths() {
        Plan plan = Planner.plan(DefaultSpec.create(List.of("sh"), "rootfs", true), RUN, TestFacts.hybrid());
        int rootRo = -1;
        for (int i = 0; i < plan.steps().size(); i++) {
            if (plan.steps().get(i) instanceof NativeStep.Mount m && m.target().equals("/") && (m.flags() & Linux.MS_RDONLY) != 0) rootRo = i;
        }
        assertTrue(rootRo > last(plan, "mask-path"));
        assertEquals(List.of("/root/readonly"), plan.steps().get(rootRo).sources());
    }

    @Test
    void sysfsWithoutANetworkNamespaceIsABindOfTheHostsSys() {
        Spec base = DefaultSpec.create(List.of("sh"), "rootfs", false);
        Spec.Linux l = base.linux();
        List<Spec.Namespace> noNet = l.namespaces().stream().filter(n -> !n.type().equals("network")).toList();
        Spec spec = new Spec(base.ociVersion(), base.root(), base.process(), base.hostname(), null, base.mounts(), null, null,
                new Spec.Linux(noNet, null, null, null, null, null, l.maskedPaths(), l.readonlyPaths(), null, null, null, null));
        Plan plan = Planner.plan(spec, RUN, TestFacts.hybrid());
        NativeStep.Mount sys = plan.steps().stream().filter(s -> s instanceof NativeStep.Mount m && m.target().equals("/sys"))
                .map(s -> (NativeStep.Mount) s).findFirst().orElseThrow();
        assertEquals("/sys", sys.source());
        assertEquals(Linux.MS_BIND | Linux.MS_REC, sys.flags());
    }

    @Test
    void withoutAMountNamespaceMountsAreRefusedBecauseTheyWouldBeTheHosts() {
        Spec base = DefaultSpec.create(List.of("sh"), "rootfs", false);
        Spec spec = new Spec(base.ociVersion(), base.root(), base.process(), null, null, base.mounts(), null, null,
                new Spec.Linux(List.of(new Spec.Namespace("pid", null)), null, null, null, null, null, null, null, null, null, null, null));
        PlanException e = assertThrows(PlanException.class, () -> Planner.plan(spec, RUN, TestFacts.hybrid()));
        assertEquals("/mounts/0", e.pointer());
    }

    @Test
    void withoutAMountNamespaceAndNoMountsTheProcessIsChrootedAndNothingIsMounted() {
        Spec base = DefaultSpec.create(List.of("sh"), "rootfs", false);
        Spec spec = new Spec(base.ociVersion(), base.root(), base.process(), null, null, null, null, null,
                new Spec.Linux(List.of(new Spec.Namespace("pid", null)), null, null, null, null, null, null, null, null, null, null, null));
        Plan plan = Planner.plan(spec, RUN, TestFacts.hybrid());
        List<String> kinds = kinds(plan);
        assertTrue(kinds.contains("chroot"), kinds.toString());
        assertFalse(kinds.contains("mount"), kinds.toString());
        assertFalse(kinds.contains("pivot-root"), kinds.toString());
    }

    @Test
    void userNamespaceIsJoinedFirstAndTheChildBecomesItsRootBeforeAnyMount() {
        Spec base = DefaultSpec.create(List.of("sh"), "rootfs", false);
        List<Spec.Namespace> ns = List.of(new Spec.Namespace("network", "/proc/1/ns/net"), new Spec.Namespace("mount", "/proc/1/ns/mnt"),
                new Spec.Namespace("pid", null), new Spec.Namespace("user", "/proc/1/ns/user"));
        Spec spec = new Spec(base.ociVersion(), base.root(), base.process(), null, null, base.mounts(), null, null,
                new Spec.Linux(ns, null, null, null, null, null, null, null, null, null, null, null));
        Plan plan = Planner.plan(spec, RUN, TestFacts.hybrid());
        List<String> setns = plan.steps().stream().filter(s -> s instanceof NativeStep.JoinNamespace)
                .map(s -> ((NativeStep.JoinNamespace) s).type()).toList();
        assertEquals(List.of("user", "network"), setns);
        int mountJoin = indexOf(plan, NativeStep.JoinMountNamespace.class);
        int root = indexOf(plan, NativeStep.BecomeNamespaceRoot.class);
        assertTrue(first(plan, "clone") < mountJoin && mountJoin < root && root < first(plan, "mount"), kinds(plan).toString());
        assertEquals(Where.CONTAINER, plan.steps().get(mountJoin).where());
    }

    @Test
    void aNewUserNamespaceGetsItsMapsFromTheParentAndTheChildBecomesRootFirst() {
        Spec base = DefaultSpec.create(List.of("sh"), "rootfs", false);
        List<Spec.Namespace> ns = new java.util.ArrayList<>(base.linux().namespaces());
        ns.add(new Spec.Namespace("user", null));
        List<Spec.IdMapping> map = List.of(new Spec.IdMapping(0, 100000, 65536));
        Spec spec = new Spec(base.ociVersion(), base.root(), base.process(), base.hostname(), null, base.mounts(), null, null,
                new Spec.Linux(ns, map, map, null, null, null, null, null, null, null, null, null));
        Plan plan = Planner.plan(spec, RUN, TestFacts.hybrid());
        int clone = first(plan, "clone");
        int uidMap = indexOf(plan, NativeStep.WriteChildFile.class);
        int root = indexOf(plan, NativeStep.BecomeNamespaceRoot.class);
        assertTrue(clone < uidMap && uidMap < root && root < first(plan, "mount") && root < first(plan, "setresuid"), kinds(plan).toString());
    }

    private static int indexOf(Plan plan, Class<?> type) {
        for (int i = 0; i < plan.steps().size(); i++) if (type.isInstance(plan.steps().get(i))) return i;
        throw new AssertionError("no " + type.getSimpleName() + " in " + kinds(plan));
    }

    @Test
    void createModeMakesTheFifoFirstAndWaitsJustBeforeExec() {
        PlanRequest create = new PlanRequest("t1", "/bundle", "/run/mc/t1/exec.fifo", null, 0);
        Plan plan = Planner.plan(DefaultSpec.create(List.of("sh"), "rootfs", true), create, TestFacts.hybrid());
        List<String> kinds = kinds(plan);
        assertTrue(first(plan, "mkfifo") < first(plan, "clone"));
        assertEquals("await-start", kinds.get(kinds.size() - 2));
    }

    @Test
    void namesWithoutSlashAreSearchedInTheContainersPath() {
        assertEquals(List.of("/a/sh", "/b/sh"), ProcessSteps.candidates("sh", List.of("PATH=/a:/b/")));
        assertEquals(List.of("/bin/sh"), ProcessSteps.candidates("/bin/sh", List.of("PATH=/a")));
        assertEquals(6, ProcessSteps.candidates("true", List.of()).size(), "the default PATH has six entries");
    }

    @Test
    void aNonRootUserWithoutCapabilitiesGetsNone() {
        Spec base = DefaultSpec.create(List.of("sh"), "rootfs", false);
        Spec.Process p = base.process();
        Spec.Process noCaps = new Spec.Process(false, null, new Spec.User(1000L, 1000L, null, null, null), p.args(), p.env(),
                p.cwd(), null, null, false, null, null, null);
        Spec spec = new Spec(base.ociVersion(), base.root(), noCaps, base.hostname(), null, base.mounts(), null, null, base.linux());
        Plan plan = Planner.plan(spec, RUN, TestFacts.hybrid());
        NativeStep.SetCapabilities caps = plan.steps().stream().filter(s -> s instanceof NativeStep.SetCapabilities)
                .map(s -> (NativeStep.SetCapabilities) s).findFirst().orElseThrow();
        assertEquals(0, caps.effective() | caps.permitted() | caps.inheritable());
        assertEquals(-1, first(plan, "capbset-keep"));
    }

    @Test
    void setTidIsPassedToClone() {
        PlanRequest req = new PlanRequest("t1", "/bundle", null, null, 23456);
        Plan plan = Planner.plan(DefaultSpec.create(List.of("sh"), "rootfs", false), req, TestFacts.hybrid());
        NativeStep.Clone clone = (NativeStep.Clone) plan.steps().get(first(plan, "clone"));
        assertEquals(23456, clone.setTid());
    }

    @Test
    void cgroupLimitsOnPureV2UseTheUnifiedFiles() {
        Spec spec = withResources(DefaultSpec.create(List.of("sh"), "rootfs", true),
                new Spec.Resources(new Spec.Memory(64L << 20, null, null, null, null, null, null), new Spec.Pids(10), null, null));
        Plan plan = Planner.plan(spec, RUN, TestFacts.pureV2());
        assertTrue(plan.steps().stream().anyMatch(s -> s instanceof HostStep.CgroupWrite w
                && w.file().equals("/sys/fs/cgroup/mini-container/t1/memory.max") && w.value().equals(String.valueOf(64L << 20))));
        assertTrue(plan.steps().stream().anyMatch(s -> s instanceof HostStep.CgroupWrite w
                && w.file().equals("/sys/fs/cgroup/mini-container/t1/pids.max") && w.value().equals("10")));
    }

    @Test
    void cgroupStepsCiteCgroupsPathOnlyWhenTheConfigGivesOne() {
        Spec base = DefaultSpec.create(List.of("sh"), "rootfs", false);
        Plan defaulted = Planner.plan(base, RUN, TestFacts.hybrid());
        Step join = defaulted.steps().get(first(defaulted, "cgroup-join"));
        assertEquals(List.of(), join.sources(), "the default path is the runtime's, not a config field");
        assertEquals(List.of(), defaulted.cleanup().get(0).sources());

        Spec.Linux l = base.linux();
        Spec withPath = new Spec(base.ociVersion(), base.root(), base.process(), base.hostname(), null, base.mounts(), null, null,
                new Spec.Linux(l.namespaces(), null, null, null, "/mine/c1", null, l.maskedPaths(), l.readonlyPaths(), null, null, null, null));
        Plan given = Planner.plan(withPath, RUN, TestFacts.hybrid());
        Step create = given.steps().get(first(given, "cgroup-create"));
        assertEquals(List.of("/linux/cgroupsPath"), create.sources());
        assertTrue(create.describe().contains("/mine"), create.describe());
    }

    private static Spec withSeccomp(boolean noNewPrivs, String action) {
        Spec base = DefaultSpec.create(List.of("sh"), "rootfs", false);
        Spec.Process p = base.process();
        Spec.Process process = new Spec.Process(false, null, new Spec.User(1000L, 1000L, null, null, null), p.args(), p.env(),
                p.cwd(), p.capabilities(), p.rlimits(), noNewPrivs, null, null, null);
        Spec.Seccomp seccomp = new Spec.Seccomp("SCMP_ACT_ALLOW", null, null, null,
                List.of(new Spec.SyscallRule(List.of("mkdir"), action, 13, null)));
        Spec.Linux l = base.linux();
        Spec.Linux linux = new Spec.Linux(l.namespaces(), l.uidMappings(), l.gidMappings(), l.resources(), l.cgroupsPath(),
                l.sysctl(), l.maskedPaths(), l.readonlyPaths(), l.devices(), l.rootfsPropagation(), seccomp, l.mountLabel());
        return new Spec(base.ociVersion(), base.root(), process, base.hostname(), null, base.mounts(), null, null, linux);
    }

    /** As runc: with no_new_privs as late as possible (after the fds are closed, before the start wait); without it, while CAP_SYS_ADMIN is held. */
    @Test
    void seccompIsLoadedWhereRuncLoadsIt() {
        PlanRequest create = new PlanRequest("t1", "/bundle", "/run/mc/t1/exec.fifo", null, 0);
        Plan late = Planner.plan(withSeccomp(true, "SCMP_ACT_ERRNO"), create, TestFacts.hybrid());
        List<String> kinds = kinds(late);
        assertEquals(List.of("no-new-privs", "chdir", "close-fds", "seccomp", "await-start", "exec"),
                kinds.subList(kinds.size() - 6, kinds.size()));
        NativeStep.Seccomp step = (NativeStep.Seccomp) late.steps().get(first(late, "seccomp"));
        assertEquals(List.of("/linux/seccomp"), step.sources());
        assertEquals(step.filter().instructions() * 8, step.strBytes().get(0).length, "the program goes on the wire as raw bytes");

        Plan early = Planner.plan(withSeccomp(false, "SCMP_ACT_ERRNO"), RUN, TestFacts.hybrid());
        assertEquals(first(early, "seccomp") + 1, first(early, "capbset-keep"));
        assertTrue(first(early, "seccomp") < first(early, "setresuid"));
        assertEquals(-1, first(early, "no-new-privs"));
    }

    @Test
    void aSeccompProfileTheCompilerRefusesStopsThePlanAtItsPointer() {
        PlanException e = assertThrows(PlanException.class, () -> Planner.plan(withSeccomp(true, "SCMP_ACT_NOTIFY"), RUN, TestFacts.hybrid()));
        assertEquals("/linux/seccomp/syscalls/0/action", e.pointer(), "SCMP_ACT_NOTIFY without listenerPath");
    }

    /** withSeccomp(noNewPrivs, SCMP_ACT_NOTIFY) with a listener at /run/agent.sock, metadata a"b and one annotation. */
    private static Spec withListener(boolean noNewPrivs) {
        Spec base = withSeccomp(noNewPrivs, "SCMP_ACT_NOTIFY");
        Spec.Seccomp s = base.linux().seccomp();
        Spec.Seccomp withListener = new Spec.Seccomp(s.defaultAction(), s.defaultErrnoRet(), s.architectures(), s.flags(), s.syscalls(),
                "/run/agent.sock", "a\"b");
        Spec.Linux l = base.linux();
        Spec.Linux linux = new Spec.Linux(l.namespaces(), l.uidMappings(), l.gidMappings(), l.resources(), l.cgroupsPath(),
                l.sysctl(), l.maskedPaths(), l.readonlyPaths(), l.devices(), l.rootfsPropagation(), withListener, l.mountLabel());
        return new Spec(base.ociVersion(), base.root(), base.process(), base.hostname(), null, base.mounts(), null,
                java.util.Map.of("k", "v"), linux);
    }

    /** The notify step says where the listener fd goes and carries the container process state around the two pids. */
    @Test
    void aNotifyProfileBecomesASeccompNotifyStepWithTheProcessState() throws Exception {
        PlanRequest create = new PlanRequest("t1", "/bundle", "/run/mc/t1/exec.fifo", null, 0);
        Plan plan = Planner.plan(withListener(true), create, TestFacts.hybrid());
        NativeStep.Seccomp step = (NativeStep.Seccomp) plan.steps().get(first(plan, "seccomp"));
        assertEquals(Op.SECCOMP_NOTIFY, step.op());
        assertEquals(List.of("/linux/seccomp", "/linux/seccomp/listenerPath", "/linux/seccomp/listenerMetadata"), step.sources());
        assertTrue(step.describe().endsWith("listener fd → helper → /run/agent.sock (with the container process state)"), step.describe());
        assertEquals(first(plan, "seccomp") + 1, first(plan, "await-start"), "the same place as a plain filter");
        com.fasterxml.jackson.databind.JsonNode json = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(step.listener().message(4242));
        assertEquals("[\"seccompFd\"]", json.get("fds").toString());
        assertEquals(4242, json.get("pid").asInt());
        assertEquals("a\"b", json.get("metadata").asText());
        assertEquals("{\"ociVersion\":\"1.2.0\",\"id\":\"t1\",\"status\":\"creating\",\"pid\":4242,\"bundle\":\"/bundle\","
                + "\"annotations\":{\"k\":\"v\"}}", json.get("state").toString());
        assertEquals(List.of(step.filter().flags(), (long) SeccompSteps.LISTENER_TIMEOUT_SECONDS),
                java.util.Arrays.stream(step.ints()).boxed().toList());
        assertEquals(5, step.strBytes().size(), "program, listenerPath and three pieces of text: the pid twice");
    }

    /**
     * exec (runc's setnsProcess gives the same): the top-level pid is the exec'd process's, which only the helper
     * knows; the state is the running container's: "running", the init's pid, the recorded bundle. Before, the
     * agent got "creating", bundle "/" and the exec'd process's pid as the container's.
     */
    @Test
    void anExecsNotifyStateIsTheRunningContainersWithItsInitPidAndBundle() throws Exception {
        for (boolean noNewPrivs : List.of(true, false)) {
            ExecRequest exec = new ExecRequest("t1", 777, 0, "/bundles/t1", java.util.Map.of(), List.of(), List.of(), null, 0);
            Plan plan = ExecPlanner.plan(withListener(noNewPrivs), exec, TestFacts.hybrid());
            NativeStep.Seccomp step = (NativeStep.Seccomp) plan.steps().get(first(plan, "seccomp"));
            assertEquals(Op.SECCOMP_NOTIFY, step.op());
            assertEquals(2, step.listener().text().size(), "the helper puts one pid: the top-level one");
            assertEquals(4, step.strBytes().size());
            com.fasterxml.jackson.databind.JsonNode json = new com.fasterxml.jackson.databind.ObjectMapper()
                    .readTree(step.listener().message(4343));
            assertEquals(4343, json.get("pid").asInt(), "the process that made the filter");
            assertEquals("a\"b", json.get("metadata").asText());
            assertEquals("{\"ociVersion\":\"1.2.0\",\"id\":\"t1\",\"status\":\"running\",\"pid\":777,\"bundle\":\"/bundles/t1\","
                    + "\"annotations\":{\"k\":\"v\"}}", json.get("state").toString());
        }
    }

    /** exec joins by /proc/PID path: before clone the helper checks that PID is still the recorded init. */
    @Test
    void execChecksTheInitIsStillTheRecordedProcessBeforeItClones() {
        ExecRequest exec = new ExecRequest("t1", 777, 123456, "/bundles/t1",
                java.util.Map.of("pid", "/proc/777/ns/pid", "mount", "/proc/777/ns/mnt"),
                List.of("/sys/fs/cgroup/pids/mini-container/t1/cgroup.procs"), List.of(), null, 0);
        Plan plan = ExecPlanner.plan(DefaultSpec.create(List.of("sh"), "rootfs", false), exec, TestFacts.hybrid());
        List<String> kinds = kinds(plan);
        assertEquals(kinds.indexOf("clone") - 1, kinds.indexOf("pid-alive"), kinds.toString());
        assertTrue(kinds.indexOf("setns") < kinds.indexOf("pid-alive") && kinds.indexOf("cgroup-join") < kinds.indexOf("pid-alive"));
        NativeStep.PidAlive check = (NativeStep.PidAlive) plan.steps().get(kinds.indexOf("pid-alive"));
        assertEquals(List.of(777L, 123456L), java.util.Arrays.stream(check.ints()).boxed().toList());
        NativeStep.JoinMountNamespace mnt = plan.steps().stream().filter(NativeStep.JoinMountNamespace.class::isInstance)
                .map(NativeStep.JoinMountNamespace.class::cast).findFirst().orElseThrow();
        assertEquals("", mnt.path(), "after clone the mount namespace is joined through the checked init's pidfd, not by path");
        ExecRequest unrecorded = new ExecRequest("t1", 777, 0, "/bundles/t1", java.util.Map.of(), List.of(), List.of(), null, 0);
        assertEquals(-1, kinds(ExecPlanner.plan(DefaultSpec.create(List.of("sh"), "rootfs", false), unrecorded, TestFacts.hybrid()))
                .indexOf("pid-alive"), "no start time recorded: nothing to compare");
    }

    @Test
    void aListenerWithoutRoomForThePidIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new NativeStep.Listener("/run/agent.sock", 10, List.of("{}")));
    }
}
