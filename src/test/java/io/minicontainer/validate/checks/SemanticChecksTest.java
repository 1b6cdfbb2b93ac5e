package io.minicontainer.validate.checks;

import static io.minicontainer.validate.checks.CheckHarness.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minicontainer.validate.core.SemanticCheck;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Each check with input it must accept and input it must reject (exact pointer and message). */
class SemanticChecksTest {
    private static final String OK = "{'ociVersion':'1.0.2','root':{'path':'rootfs'},'process':{'args':['/bin/sh'],'cwd':'/'}}";

    private static String process(String inner) {
        return "{'ociVersion':'1.0.2','root':{'path':'rootfs'},'process':{'args':['/bin/sh'],'cwd':'/'," + inner + "}}";
    }

    private static String linux(String inner) {
        return "{'ociVersion':'1.0.2','root':{'path':'rootfs'},'process':{'args':['/bin/sh'],'cwd':'/'},'linux':{" + inner + "}}";
    }

    private static String resources(String inner) { return linux("'resources':{" + inner + "}"); }

    @Test
    void checkNamesAreUniqueAndEveryCheckAcceptsAPlainConfig() {
        Set<String> names = new HashSet<>();
        for (SemanticCheck c : Checks.ALL) {
            assertTrue(names.add(c.name()), "duplicate name " + c.name());
            assertEquals(List.of(), run(c, OK), c.name());
        }
    }

    /** A start drops seccomp-names' findings, so it does not run it (Checks.START); it must then never report an error. */
    @Test
    void startRunsEveryCheckButSeccompNamesWhichOnlyWarns() {
        List<SemanticCheck> expected = new java.util.ArrayList<>(Checks.ALL);
        expected.removeIf(c -> c instanceof SeccompNamesCheck);
        assertEquals(expected, Checks.START);
        assertEquals(Checks.ALL.size() - 1, Checks.START.size());
        List<String> found = run(new SeccompNamesCheck(), linux("'seccomp':{'defaultAction':'SCMP_ACT_ALLOW',"
                + "'syscalls':[{'names':['recv','no_such_call','', 'read'],'action':'SCMP_ACT_ERRNO'}]}"));
        assertEquals(2, found.size(), found.toString());
        for (String line : found) assertTrue(line.startsWith("W "), line);
    }

    @Test
    void ociVersion() {
        OciVersionCheck c = new OciVersionCheck();
        for (String v : List.of("1.0.2", "1.2.0", "1.0.2-dev", "1.1.0+dirty")) {
            assertEquals(List.of(), run(c, "{'ociVersion':'" + v + "'}"), v);
        }
        assertEquals(List.of("E /ociVersion: ociVersion \"2.0.0\" is not supported; only 1.x is"), run(c, "{'ociVersion':'2.0.0'}"));
        assertEquals(List.of("E /ociVersion: ociVersion \"1.0\" is not a version like 1.0.2 [use the runtime-spec version, for example \"1.0.2\"]"),
                run(c, "{'ociVersion':'1.0'}"));
    }

    @Test
    void rootPath() {
        RootPathCheck c = new RootPathCheck();
        assertEquals(List.of("E /root: missing \"root\" [add \"root\": {\"path\": \"rootfs\"}]"), run(c, "{'ociVersion':'1.0.2'}"));
        assertEquals(List.of("E /root/path: root.path is missing or empty [set it to the root filesystem directory, usually \"rootfs\"]"),
                run(c, "{'root':{'readonly':true}}"));
        assertEquals(List.of(), run(c, "{'root':{'path':'/var/lib/mc/rootfs'}}"));
    }

    @Test
    void args() {
        ArgsCheck c = new ArgsCheck();
        assertEquals(List.of("E /process/args: process.args is missing or empty [give the command to run, for example [\"/bin/sh\"]]"),
                run(c, "{'process':{'args':[],'cwd':'/'}}"));
        assertEquals(List.of("E /process/args: process.args is missing or empty [give the command to run, for example [\"/bin/sh\"]]"),
                run(c, "{'process':{'cwd':'/'}}"));
        assertEquals(List.of("E /process/args/0: the program name args[0] is empty"), run(c, "{'process':{'args':['', 'x'],'cwd':'/'}}"));
        assertEquals(List.of(), run(c, "{'ociVersion':'1.0.2'}"));
    }

    @Test
    void cwd() {
        CwdCheck c = new CwdCheck();
        assertEquals(List.of("E /process/cwd: cwd \"app\" is not an absolute path [start it with /, for example \"/\"]"),
                run(c, "{'process':{'cwd':'app'}}"));
        assertEquals(List.of(), run(c, "{'process':{'cwd':'/srv/app'}}"));
    }

    @Test
    void env() {
        EnvCheck c = new EnvCheck();
        assertEquals(List.of(), run(c, process("'env':['A=1','EMPTY=','X==y']")));
        assertEquals(List.of("E /process/env/1: env entry \"B\" is not KEY=VALUE [write \"B=\" for an empty value]",
                        "E /process/env/2: env entry \"=1\" has an empty name"),
                run(c, process("'env':['A=1','B','=1']")));
    }

    @Test
    void capabilitiesInAllFiveSetsAnySpelling() {
        CapabilitiesCheck c = new CapabilitiesCheck();
        assertEquals(List.of(), run(c, process("'capabilities':{'bounding':['CAP_KILL','net_admin'],'effective':['SYS_ADMIN'],"
                + "'inheritable':['cap_chown'],'permitted':['CAP_BPF'],'ambient':['Cap_Setuid']}")));
        assertEquals(List.of(
                        "E /process/capabilities/bounding/2: unknown capability \"CAP_NET_BIND\" [did you mean CAP_NET_BIND_SERVICE?]",
                        "E /process/capabilities/effective/0: unknown capability \"sys_admn\" [did you mean CAP_SYS_ADMIN?]",
                        "E /process/capabilities/inheritable/0: unknown capability \"CAP_X\"",
                        "E /process/capabilities/permitted/0: unknown capability \"CAP_KILLL\" [did you mean CAP_KILL?]",
                        "E /process/capabilities/ambient/0: unknown capability \"CAP_CHOWN2\" [did you mean CAP_CHOWN?]"),
                run(c, process("'capabilities':{'bounding':['CAP_KILL','CAP_CHOWN','CAP_NET_BIND'],'effective':['sys_admn'],"
                        + "'inheritable':['CAP_X'],'permitted':['CAP_KILLL'],'ambient':['CAP_CHOWN2']}")));
    }

    @Test
    void rlimits() {
        RlimitsCheck c = new RlimitsCheck();
        assertEquals(List.of(), run(c, process("'rlimits':[{'type':'RLIMIT_NOFILE','hard':1024,'soft':1024},"
                + "{'type':'RLIMIT_CORE','hard':18446744073709551615,'soft':4096}]")));
        assertEquals(List.of(
                        "E /process/rlimits/0/type: unknown rlimit type \"NOFILE\" [did you mean RLIMIT_NOFILE?]",
                        "E /process/rlimits/1/soft: RLIMIT_CORE soft limit 18446744073709551615 exceeds its hard limit 10",
                        "E /process/rlimits/2/type: duplicate rlimit RLIMIT_CORE (first at /process/rlimits/1)"),
                run(c, process("'rlimits':[{'type':'NOFILE','hard':1,'soft':1},"
                        + "{'type':'RLIMIT_CORE','hard':10,'soft':18446744073709551615},{'type':'RLIMIT_CORE','hard':1,'soft':1}]")));
    }

    @Test
    void oomScoreAdj() {
        OomScoreAdjCheck c = new OomScoreAdjCheck();
        assertEquals(List.of(), run(c, process("'oomScoreAdj':-1000")));
        assertEquals(List.of(), run(c, process("'oomScoreAdj':1000")));
        assertEquals(List.of("E /process/oomScoreAdj: oomScoreAdj 1001 is outside -1000..1000"), run(c, process("'oomScoreAdj':1001")));
    }

    @Test
    void umask() {
        UmaskCheck c = new UmaskCheck();
        assertEquals(List.of(), run(c, process("'user':{'uid':0,'gid':0,'umask':511}")));
        assertEquals(List.of("E /process/user/umask: umask 512 is outside 0..511 (0777 octal) [JSON numbers are decimal: umask 022 octal is written 18]"),
                run(c, process("'user':{'uid':0,'gid':0,'umask':512}")));
    }

    @Test
    void hostnameAndDomainnameNeedUts() {
        HostnameNeedsUtsCheck c = new HostnameNeedsUtsCheck();
        assertEquals(List.of(), run(c, "{'hostname':'a','domainname':'b','linux':{'namespaces':[{'type':'uts'}]}}"));
        assertEquals(List.of("E /hostname: hostname is set but there is no uts namespace [add {\"type\": \"uts\"} to linux.namespaces]",
                        "E /domainname: domainname is set but there is no uts namespace [add {\"type\": \"uts\"} to linux.namespaces]"),
                run(c, "{'hostname':'a','domainname':'b','linux':{'namespaces':[{'type':'pid'}]}}"));
    }

    @Test
    void idMappingsNeedUserNamespace() {
        IdMappingsUserNsCheck c = new IdMappingsUserNsCheck();
        String maps = "'uidMappings':[{'containerID':0,'hostID':1000,'size':1}],'gidMappings':[{'containerID':0,'hostID':1000,'size':1}]";
        assertEquals(List.of(), run(c, linux("'namespaces':[{'type':'user'}]," + maps)));
        assertEquals(List.of(), run(c, linux("'namespaces':[{'type':'user','path':'/proc/1/ns/user'}]")));
        assertEquals(List.of("E /linux/uidMappings: uidMappings need a user namespace [add {\"type\": \"user\"} to linux.namespaces]",
                        "E /linux/gidMappings: gidMappings need a user namespace [add {\"type\": \"user\"} to linux.namespaces]"),
                run(c, linux("'namespaces':[{'type':'pid'}]," + maps)));
        assertEquals(List.of("E /linux/uidMappings: a new user namespace needs uidMappings", "E /linux/gidMappings: a new user namespace needs gidMappings"),
                run(c, linux("'namespaces':[{'type':'user'}]")));
        // a joined namespace keeps its own maps: given ones would be dropped, so they are refused
        String hint = " [remove them: the namespace at /proc/1/ns/user already has its maps]";
        assertEquals(List.of("E /linux/uidMappings: uidMappings cannot be applied to a user namespace joined by path" + hint,
                        "E /linux/gidMappings: gidMappings cannot be applied to a user namespace joined by path" + hint),
                run(c, linux("'namespaces':[{'type':'user','path':'/proc/1/ns/user'}]," + maps)));
    }

    @Test
    void namespaceTypes() {
        NamespaceTypesCheck c = new NamespaceTypesCheck();
        assertEquals(List.of(), run(c, linux("'namespaces':[{'type':'pid'},{'type':'network'},{'type':'mount'},{'type':'ipc'},"
                + "{'type':'uts'},{'type':'user'},{'type':'cgroup'},{'type':'time'}]")));
        assertEquals(List.of("E /linux/namespaces/0/type: unknown namespace type \"mnt\" [did you mean \"mount\"?]",
                        "E /linux/namespaces/1/type: unknown namespace type \"ipcc\" [did you mean \"ipc\"?]"),
                run(c, linux("'namespaces':[{'type':'mnt'},{'type':'ipcc'}]")));
    }

    @Test
    void duplicateNamespaces() {
        DuplicateNamespacesCheck c = new DuplicateNamespacesCheck();
        assertEquals(List.of(), run(c, linux("'namespaces':[{'type':'pid'},{'type':'mount'}]")));
        assertEquals(List.of("E /linux/namespaces/2: duplicate namespace type \"mount\" (first at /linux/namespaces/0)"),
                run(c, linux("'namespaces':[{'type':'mount'},{'type':'pid'},{'type':'mount','path':'/proc/1/ns/mnt'}]")));
    }

    @Test
    void namespacePaths() {
        NamespacePathsCheck c = new NamespacePathsCheck();
        assertEquals(List.of(), run(c, linux("'namespaces':[{'type':'network','path':'/run/netns/x'}]")));
        assertEquals(List.of("E /linux/namespaces/0/path: namespace path \"x\" is not absolute [for example /proc/1234/ns/net or /run/netns/name]"),
                run(c, linux("'namespaces':[{'type':'network','path':'x'}]")));
    }

    @Test
    void mountDestinations() {
        MountDestinationsCheck c = new MountDestinationsCheck();
        assertEquals(List.of(), run(c, "{'mounts':[{'destination':'/proc'},{'destination':'/a..b/c'}]}"));
        assertEquals(List.of("E /mounts/0/destination: mount destination \"proc\" is not an absolute path [start it with /]",
                        "E /mounts/1/destination: mount destination \"/x/../../etc\" contains \"..\" [write the path without .. components]"),
                run(c, "{'mounts':[{'destination':'proc'},{'destination':'/x/../../etc'}]}"));
    }

    @Test
    void hookPaths() {
        HookPathsCheck c = new HookPathsCheck();
        assertEquals(List.of(), run(c, "{'hooks':{'poststop':[{'path':'/bin/true'}]}}"));
        assertEquals(List.of("E /hooks/poststart/1/path: hook path \"true\" is not absolute"),
                run(c, "{'hooks':{'poststart':[{'path':'/bin/true'},{'path':'true'}]}}"));
    }

    @Test
    void memoryLimits() {
        MemoryLimitsCheck c = new MemoryLimitsCheck();
        assertEquals(List.of(), run(c, resources("'memory':{'limit':4194304,'reservation':4194304,'swap':4194304}")));
        assertEquals(List.of(), run(c, resources("'memory':{'limit':-1,'reservation':-1,'swap':-1}")));
        assertEquals(List.of("E /linux/resources/memory/limit: memory limit 4194303 is below the minimum of 4194304 bytes (4 MiB)"
                        + " [the container would be OOM-killed while starting]"),
                run(c, resources("'memory':{'limit':4194303}")));
        assertEquals(List.of("E /linux/resources/memory/limit: memory limit -2 must be positive or -1",
                        "E /linux/resources/memory/swap: memory swap 0 must be positive or -1",
                        "E /linux/resources/memory/reservation: memory reservation -3 must be positive or -1"),
                run(c, resources("'memory':{'limit':-2,'swap':0,'reservation':-3}")));
        assertEquals(List.of("E /linux/resources/memory/swap: memory swap 8388608 is less than the memory limit 16777216"
                        + " [swap is the memory+swap total: use at least the limit, or -1]",
                        "E /linux/resources/memory/reservation: memory reservation 33554432 exceeds the memory limit 16777216"),
                run(c, resources("'memory':{'limit':16777216,'swap':8388608,'reservation':33554432}")));
    }

    @Test
    void pidsLimit() {
        PidsLimitCheck c = new PidsLimitCheck();
        assertEquals(List.of(), run(c, resources("'pids':{'limit':1}")));
        assertEquals(List.of(), run(c, resources("'pids':{'limit':-1}")));
        assertEquals(List.of("E /linux/resources/pids/limit: pids limit 0 must be positive or -1 (unlimited)"), run(c, resources("'pids':{'limit':0}")));
        assertEquals(List.of("E /linux/resources/pids/limit: pids limit -2 must be positive or -1 (unlimited)"), run(c, resources("'pids':{'limit':-2}")));
    }

    @Test
    void cpuLimits() {
        CpuLimitsCheck c = new CpuLimitsCheck();
        assertEquals(List.of(), run(c, resources("'cpu':{'shares':1024,'quota':-1,'period':100000,'cpus':'0-1,3','mems':'0'}")));
        assertEquals(List.of(), run(c, resources("'cpu':{'shares':2,'quota':1000,'period':1000000,'cpus':''}")));
        assertEquals(List.of("E /linux/resources/cpu/shares: cpu shares 262145 is outside 2..262144 [1024 is the default weight]",
                        "E /linux/resources/cpu/quota: cpu quota 999 must be at least 1000 microseconds, or -1",
                        "E /linux/resources/cpu/period: cpu period 999 is outside 1000..1000000 microseconds [100000 (100 ms) is the usual period]",
                        "E /linux/resources/cpu/cpus: cpus \"0,,1\" is not a list of numbers and ranges [write a list like \"0-1,3\"]",
                        "E /linux/resources/cpu/mems: mems \"2-1\" has a range that goes backwards (2-1) [write a list like \"0-1,3\"]"),
                run(c, resources("'cpu':{'shares':262145,'quota':999,'period':999,'cpus':'0,,1','mems':'2-1'}")));
    }

    @Test
    void cgroupsPath() {
        CgroupsPathCheck c = new CgroupsPathCheck();
        for (String ok : List.of("/mc/c1", "mc/c1", "machine.slice:libpod:abc", ":mc:c1")) {
            assertEquals(List.of(), run(c, linux("'cgroupsPath':'" + ok + "'")), ok);
        }
        assertEquals(List.of("E /linux/cgroupsPath: cgroupsPath \"a:b:c:d\" has 3 colons; the systemd form is slice:prefix:name"
                        + " [for example \"user.slice:mc:c1\", or use a path like /mc/c1]"), run(c, linux("'cgroupsPath':'a:b:c:d'")));
        assertEquals(List.of("E /linux/cgroupsPath: cgroupsPath slice \"machine\" does not end in .slice"), run(c, linux("'cgroupsPath':'machine:p:n'")));
        assertEquals(List.of("E /linux/cgroupsPath: cgroupsPath \"x.slice:p:\" has an empty name"), run(c, linux("'cgroupsPath':'x.slice:p:'")));
        assertEquals(List.of("E /linux/cgroupsPath: cgroupsPath \"/a/../..\" contains \"..\""), run(c, linux("'cgroupsPath':'/a/../..'")));
        assertEquals(List.of("E /linux/cgroupsPath: cgroupsPath \"/a//b\" has an empty component or a control character"),
                run(c, linux("'cgroupsPath':'/a//b'")));
        assertEquals(List.of("E /linux/cgroupsPath: cgroupsPath \"/\" is the root cgroup itself; a container needs a cgroup of its own"
                + " [for example /mini-container/c1]"), run(c, linux("'cgroupsPath':'/'")));
        for (String file : List.of("/mc/cgroup.procs", "/mc/tasks", "memory.limit_in_bytes", "/pids.max/x", "/release_agent")) {
            assertEquals(1, run(c, linux("'cgroupsPath':'" + file + "'")).size(), file);
        }
        for (String ok : List.of("/mc/web.1", "/machine/c1.scope", "/mc/memoryhog")) {
            assertEquals(List.of(), run(c, linux("'cgroupsPath':'" + ok + "'")), ok);
        }
    }

    @Test
    void maskedAndReadonlyPaths() {
        MaskedReadonlyPathsCheck c = new MaskedReadonlyPathsCheck();
        assertEquals(List.of(), run(c, linux("'maskedPaths':['/proc/kcore'],'readonlyPaths':['/proc/sys']")));
        assertEquals(List.of("E /linux/maskedPaths/0: maskedPaths entry \"proc/kcore\" is not an absolute path",
                        "E /linux/readonlyPaths/1: readonlyPaths entry \"/proc/..\" contains \"..\""),
                run(c, linux("'maskedPaths':['proc/kcore'],'readonlyPaths':['/proc/sys','/proc/..']")));
    }

    @Test
    void rootfsPropagation() {
        RootfsPropagationCheck c = new RootfsPropagationCheck();
        for (String ok : RootfsPropagationCheck.KNOWN) assertEquals(List.of(), run(c, linux("'rootfsPropagation':'" + ok + "'")));
        assertEquals(List.of("E /linux/rootfsPropagation: unknown rootfsPropagation \"rslaves\" [did you mean \"rslave\"?]"),
                run(c, linux("'rootfsPropagation':'rslaves'")));
        assertEquals(List.of("E /linux/rootfsPropagation: unknown rootfsPropagation \"zzzzzzz\" [use one of private, rprivate, slave,"
                        + " rslave, shared, rshared, unbindable, runbindable]"), run(c, linux("'rootfsPropagation':'zzzzzzz'")));
    }

    @Test
    void seccomp() {
        SeccompCheck c = new SeccompCheck();
        assertEquals(List.of(), run(c, linux("'seccomp':{'defaultAction':'SCMP_ACT_ERRNO','architectures':['SCMP_ARCH_X86_64'],"
                + "'flags':['SECCOMP_FILTER_FLAG_LOG'],'syscalls':[{'names':['clone'],'action':'SCMP_ACT_ALLOW',"
                + "'args':[{'index':0,'value':1,'valueTwo':1,'op':'SCMP_CMP_MASKED_EQ'}]}]}")));
        assertEquals(List.of("E /linux/seccomp/defaultAction: unknown seccomp action \"SCMP_ACT_KILLL\" [did you mean SCMP_ACT_KILL?]",
                        "E /linux/seccomp/architectures/0: unknown seccomp architecture \"SCMP_ARCH_Z80\" [did you mean SCMP_ARCH_X86?]",
                        "E /linux/seccomp/flags/0: unknown seccomp flag \"SECCOMP_FILTER_FLAG_FAST\"",
                        "E /linux/seccomp/syscalls/0/action: unknown seccomp action \"ALLOW\"",
                        "E /linux/seccomp/syscalls/0/names: seccomp rule has no syscall names",
                        "E /linux/seccomp/syscalls/1/names/0: empty syscall name",
                        "E /linux/seccomp/syscalls/1/args/0/index: syscall argument index 6 is outside 0..5",
                        "E /linux/seccomp/syscalls/1/args/0/op: unknown seccomp operator \"SCMP_CMP_GTE\" [did you mean SCMP_CMP_GE?]"),
                run(c, linux("'seccomp':{'defaultAction':'SCMP_ACT_KILLL','architectures':['SCMP_ARCH_Z80'],"
                        + "'flags':['SECCOMP_FILTER_FLAG_FAST'],'syscalls':[{'names':[],'action':'ALLOW'},"
                        + "{'names':[''],'action':'SCMP_ACT_LOG','args':[{'index':6,'value':1,'op':'SCMP_CMP_GTE'}]}]}")));
        assertEquals(List.of("W /linux/seccomp/architectures/0: seccomp architecture SCMP_ARCH_AARCH64 never runs on this x86-64 kernel; the filter ignores it",
                        "E /linux/seccomp/syscalls/0/errnoRet: errno 70000 is outside 0..4095",
                        "W /linux/seccomp/syscalls/0/args/1/index: argument 0 is compared twice in one rule: runc, and so mini-container, make each condition a rule of its own (OR, not AND) [write one rule per alternative]",
                        "E /linux/seccomp/syscalls/1/action: SCMP_ACT_NOTIFY needs linux.seccomp.listenerPath (the unix socket of the seccomp agent that gets the listener fd) [set /linux/seccomp/listenerPath]"),
                run(c, linux("'seccomp':{'defaultAction':'SCMP_ACT_ALLOW','architectures':['SCMP_ARCH_AARCH64','SCMP_ARCH_X86'],"
                        + "'syscalls':[{'names':['mkdir','mkdri','socketcall'],'action':'SCMP_ACT_ERRNO','errnoRet':70000,"
                        + "'args':[{'index':0,'value':1,'op':'SCMP_CMP_EQ'},{'index':0,'value':2,'op':'SCMP_CMP_EQ'}]},"
                        + "{'names':['getpid'],'action':'SCMP_ACT_NOTIFY'}]}")));
        assertEquals(List.of("E /linux/seccomp/defaultAction: SCMP_ACT_NOTIFY cannot be the default action: sendmsg and write would notify "
                        + "before the listener has the fd (runc refuses it too) [notify chosen syscalls in a rule instead]",
                        "E /linux/seccomp/syscalls/0/names/1: SCMP_ACT_NOTIFY cannot be used for sendmsg: the container process hands the "
                        + "listener fd to mini-container with sendmsg: it would wait forever [use SCMP_ACT_ERRNO or SCMP_ACT_TRACE for it]",
                        "E /linux/seccomp/listenerPath: listenerPath must be an absolute path, not \"agent.sock\" "
                        + "[the helper connects to it on the host, from no particular directory]"),
                run(c, linux("'seccomp':{'defaultAction':'SCMP_ACT_NOTIFY','listenerPath':'agent.sock',"
                        + "'syscalls':[{'names':['mkdir','sendmsg'],'action':'SCMP_ACT_NOTIFY'}]}")));
        assertEquals(List.of("E /linux/seccomp/listenerMetadata: listenerMetadata is set but listenerPath is not (the runtime-spec forbids it) "
                        + "[set listenerPath or remove listenerMetadata]"),
                run(c, linux("'seccomp':{'defaultAction':'SCMP_ACT_ALLOW','listenerMetadata':'m'}")));
        assertEquals(List.of("W /linux/seccomp/listenerPath: no rule uses SCMP_ACT_NOTIFY: listenerPath is ignored"),
                run(c, linux("'seccomp':{'defaultAction':'SCMP_ACT_ALLOW','listenerPath':'/run/agent.sock'}")));
        assertEquals(List.of(), run(c, linux("'seccomp':{'defaultAction':'SCMP_ACT_ALLOW','listenerPath':'/run/agent.sock',"
                + "'listenerMetadata':'m','syscalls':[{'names':['mkdir'],'action':'SCMP_ACT_NOTIFY'}]}")));
        assertEquals(List.of("W /linux/seccomp/syscalls/0/names/1: syscall \"mkdri\" is unknown on x86_64, x86 and x32; the rule skips it [did you mean mkdir?]"),
                run(new SeccompNamesCheck(), linux("'seccomp':{'defaultAction':'SCMP_ACT_ALLOW',"
                        + "'syscalls':[{'names':['mkdir','mkdri','socketcall','arch_prctl'],'action':'SCMP_ACT_ERRNO'}]}")));
    }

    @Test
    void idsAboveTwoToTheThirtyOneAreRefused() {
        IdRangeCheck c = new IdRangeCheck();
        assertEquals(List.of(), run(c, process("'user':{'uid':2147483647,'gid':0,'additionalGids':[1,2147483647]}")));
        assertEquals(List.of("E /process/user/uid: uid 4294967295 is above 2147483647 ((uid_t)-1 means \"leave unchanged\" to the kernel)"
                        + " [use an id between 0 and 2147483647]"),
                run(c, process("'user':{'uid':4294967295}")));
        assertEquals(List.of("E /linux/devices/0/gid: gid 2147483648 is above 2147483647 [use an id between 0 and 2147483647]"),
                run(c, linux("'devices':[{'path':'/dev/x','type':'c','major':1,'minor':3,'gid':2147483648}]")));
    }

    @Test
    void hostnameAndDomainnameFitTheKernelsSixtyFourBytes() {
        HostnameLengthCheck c = new HostnameLengthCheck();
        String max = "h".repeat(64);
        assertEquals(List.of(), run(c, "{'hostname':'" + max + "','domainname':'" + max + "'}"));
        assertEquals(List.of("E /domainname: domainname is 65 bytes long; the kernel allows at most 64"),
                run(c, "{'domainname':'" + max + "d'}"));
        // bytes, not characters: 33 two-byte characters are 66 bytes
        assertEquals(List.of("E /hostname: hostname is 66 bytes long; the kernel allows at most 64"),
                run(c, "{'hostname':'" + "\u00e9".repeat(33) + "'}"));
    }

    @Test
    void sysctlKeysMustBeNamespacedAndScopedToTheContainersOwnNamespace() {
        SysctlCheck c = new SysctlCheck();
        String ns = "'namespaces':[{'type':'ipc'},{'type':'network'},{'type':'uts'}],";
        assertEquals(List.of(), run(c, linux(ns + "'sysctl':{'kernel.shmmax':'1','kernel.msgmax':'1','kernel.sem':'1 2 3 4',"
                + "'kernel.shm_rmid_forced':'1','fs.mqueue.msg_max':'1','net.ipv4.ip_forward':'1','kernel.domainname':'x','kernel.hostname':'y'}")));
        assertEquals(List.of("E /linux/sysctl/kernel.shmmax: sysctl \"kernel.shmmax\" needs a ipc namespace, or it would change the host's"
                + " [add {\"type\": \"ipc\"} to linux.namespaces]"), run(c, linux("'sysctl':{'kernel.shmmax':'1'}")));
        for (String key : List.of("vm.swappiness", "kernel.msgfoo", "kernel.core_pattern", "fs.file-max", "kernel.shmmax2")) {
            assertEquals(List.of("E /linux/sysctl/" + key + ": sysctl \"" + key + "\" is not namespaced: writing it would change the host"
                    + " [only ipc (kernel.msg*, kernel.sem, kernel.shm*, fs.mqueue.*), net.* and uts sysctls can be set per container]"),
                    run(c, linux(ns + "'sysctl':{'" + key + "':'1'}")), key);
        }
        for (String key : List.of("net/ipv4/ip_forward", "net..ipv4", "net.ipv4.", ".net", "net.ipv4.conf.all .x", "")) {
            assertEquals(1, run(c, linux(ns + "'sysctl':{'" + key + "':'1'}")).size(), key);
        }
        assertEquals(List.of("E /linux/sysctl/kernel.hostname: sysctl kernel.hostname conflicts with \"hostname\" [set only \"hostname\"]"),
                run(c, "{'hostname':'h','linux':{" + ns + "'sysctl':{'kernel.hostname':'x'}}}"));
        assertEquals(List.of("E /linux/sysctl/kernel.domainname: sysctl kernel.domainname is longer than the kernel's 64 bytes"),
                run(c, linux(ns + "'sysctl':{'kernel.domainname':'" + "d".repeat(65) + "'}")));
    }

    @Test
    void configsWithinTheHelpersLimitsPassAndTheFirstFieldOverALimitIsNamed() {
        HelperLimitsCheck c = new HelperLimitsCheck();
        assertEquals(List.of(), run(c, process("'env':['PATH=/bin:/usr/bin','A=" + "a".repeat(131072 - 2) + "']")));
        assertEquals(List.of("E /process/env/1: environment entry is 131073 bytes long; at most 131072 are allowed [make this part of the config smaller]"),
                run(c, process("'env':['PATH=/bin','A=" + "a".repeat(131071) + "']")));
        assertEquals(List.of("E /process/cwd: path is 4097 bytes long; at most 4096 are allowed [make this part of the config smaller]"),
                run(c, "{'process':{'args':['/bin/sh'],'cwd':'/" + "c".repeat(4096) + "'}}"));
        assertEquals(List.of("E /linux/sysctl/net.core.x: sysctl value is 4097 bytes long; at most 4096 are allowed [make this part of the config smaller]"),
                run(c, linux("'sysctl':{'net.core.x':'" + "1".repeat(4097) + "'}")));
    }

    @Test
    void personalityDomainsAndIoPriorityClassesAreTheKernelsOwn() {
        ProcessAttributesCheck c = new ProcessAttributesCheck();
        assertEquals(List.of(), run(c, "{'process':{'args':['/bin/sh'],'cwd':'/','ioPriority':{'class':'IOPRIO_CLASS_BE','priority':7}},"
                + "'linux':{'personality':{'domain':'LINUX32'}}}"));
        assertEquals(List.of("E /linux/personality/domain: personality domain \"LINUX64\" is not LINUX or LINUX32"),
                run(c, linux("'personality':{'domain':'LINUX64'}")));
        assertEquals(List.of("E /process/ioPriority/class: unknown I/O priority class \"IOPRIO_CLASS_IDEL\" [did you mean IOPRIO_CLASS_IDLE?]",
                        "E /process/ioPriority/priority: I/O priority 8 is outside 0..7"),
                run(c, process("'ioPriority':{'class':'IOPRIO_CLASS_IDEL','priority':8}")));
    }

    @Test
    void ambientCapabilitiesOutsideInheritableOrPermitted() {
        AmbientCapabilitiesCheck c = new AmbientCapabilitiesCheck();
        // runc spec's own set: ambient without inheritable
        assertEquals(List.of("W /process/capabilities/ambient/0: ambient capability CAP_KILL is not inheritable: the kernel will not"
                        + " raise it, so the container runs without it (as with runc) [add it to the inheritable set, or remove it from ambient]"),
                run(c, process("'capabilities':{'permitted':['CAP_KILL'],'ambient':['CAP_KILL']}")));
        assertEquals(List.of("W /process/capabilities/ambient/0: ambient capability kill is not inheritable and permitted: the kernel"
                        + " will not raise it, so the container runs without it (as with runc) [add it to the inheritable and permitted sets,"
                        + " or remove it from ambient]"),
                run(c, process("'capabilities':{'ambient':['kill']}")));
        assertEquals(List.of(), run(c, process("'capabilities':{'permitted':['KILL'],'inheritable':['CAP_KILL'],'ambient':['CAP_KILL']}")));
    }

    @Test
    void mountNamespaceIsNeededForAnythingThatMounts() {
        MountNamespaceCheck c = new MountNamespaceCheck();
        String hint = " [add {\"type\": \"mount\"} to linux.namespaces, or remove this]";
        String msg = ": without a mount namespace this would change the host's mounts (the container would share them)";
        assertEquals(List.of("E /linux/maskedPaths/0" + msg + hint), run(c, linux("'namespaces':[{'type':'pid'}],'maskedPaths':['/proc/kcore']")));
        assertEquals(List.of("E /root/readonly" + msg + hint),
                run(c, "{'root':{'path':'rootfs','readonly':true},'linux':{'namespaces':[{'type':'pid'}]}}"));
        assertEquals(List.of(), run(c, linux("'namespaces':[{'type':'pid'}]")));
        assertEquals(List.of(), run(c, linux("'namespaces':[{'type':'mount','path':'/proc/1/ns/mnt'}],'maskedPaths':['/proc/kcore']")));
    }

    @Test
    void mountIdsMustBeMappedInANewUserNamespace() {
        UserNamespaceMountIdsCheck c = new UserNamespaceMountIdsCheck();
        String userns = "'linux':{'namespaces':[{'type':'user'},{'type':'mount'}],"
                + "'uidMappings':[{'containerID':0,'hostID':1000,'size':1}],'gidMappings':[{'containerID':0,'hostID':1000,'size':1}]}";
        String devpts = "'mounts':[{'destination':'/dev/pts','type':'devpts','source':'devpts','options':['newinstance','gid=5']}]";
        assertEquals(List.of("E /mounts/0/options/1: \"gid=5\" names an id the user namespace does not map (gidMappings): the kernel"
                + " refuses this mount [extend gidMappings to cover 5, or remove the option]"), run(c, "{" + devpts + "," + userns + "}"));
        assertEquals(List.of(), run(c, "{" + devpts + "," + userns.replace("'size':1}]}", "'size':65536}]}") + "}"));
        assertEquals(List.of(), run(c, "{" + devpts + ",'linux':{'namespaces':[{'type':'mount'}]}}"));
    }

    @Test
    void idMappingRanges() {
        IdMappingRangesCheck c = new IdMappingRangesCheck();
        String userns = "'namespaces':[{'type':'user'}],";
        assertEquals(List.of(), run(c, linux(userns + "'uidMappings':[{'containerID':0,'hostID':100000,'size':65536}],"
                + "'gidMappings':[{'containerID':0,'hostID':100000,'size':1},{'containerID':1,'hostID':200001,'size':65535}]")));
        assertEquals(List.of(), run(c, linux("'namespaces':[{'type':'user','path':'/proc/1/ns/user'}]")), "a joined namespace has its own maps");
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 341; i++) many.append(i == 0 ? "" : ",").append("{'containerID':").append(i).append(",'hostID':").append(100000 + i).append(",'size':1}");
        assertEquals(List.of("E /linux/uidMappings: 341 uid mappings; the kernel accepts at most 340 [merge adjacent ranges]"),
                run(c, linux(userns + "'uidMappings':[" + many + "],'gidMappings':[{'containerID':0,'hostID':1,'size':1}]")));
        assertEquals(List.of("E /linux/uidMappings/1: uid mapping overlaps /linux/uidMappings/0 in its host ids; the kernel refuses overlapping ranges"),
                run(c, linux(userns + "'uidMappings':[{'containerID':0,'hostID':100000,'size':10},{'containerID':10,'hostID':100005,'size':10}],"
                        + "'gidMappings':[{'containerID':0,'hostID':1,'size':1}]")));
    }

    @Test
    void mountTargets() {
        MountTargetsCheck c = new MountTargetsCheck();
        assertEquals(List.of(), run(c, "{'mounts':[{'destination':'/proc','type':'proc','source':'proc'},"
                + "{'destination':'/proc/meminfo','type':'bind','source':'/var/lib/lxcfs/proc/meminfo','options':['bind']},"
                + "{'destination':'/sys','type':'sysfs','source':'sysfs'},{'destination':'/data','source':'/srv','options':['rbind']}]}"));
        assertEquals(List.of("E /mounts/0/destination: a mount on / would hide the rootfs (root.path is the container's /)"
                        + " [mount it below /, or make it the rootfs]"),
                run(c, "{'mounts':[{'destination':'/.','type':'tmpfs','source':'tmpfs'}]}"));
        assertEquals(1, run(c, "{'mounts':[{'destination':'/proc/self/../sys','type':'tmpfs','source':'tmpfs'},"
                + "{'destination':'/proc/kcore','type':'bind','source':'/dev/null','options':['bind']}]}").size(), "../ is MountDestinationsCheck's");
        // type "proc" with rbind is a bind of the host's /proc all the same (Spec.Mount.isBind, MountOptions): refused
        assertEquals(List.of("E /mounts/0/destination: only a proc filesystem may be mounted on /proc (this mount is a bind)"
                        + " [use {\"destination\": \"/proc\", \"type\": \"proc\", \"source\": \"proc\"}]"),
                run(c, "{'mounts':[{'destination':'/proc','type':'proc','source':'/proc','options':['rbind']}]}"));
    }
}
