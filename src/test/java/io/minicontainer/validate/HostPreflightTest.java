package io.minicontainer.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minicontainer.cgroup.CgroupLayout;
import io.minicontainer.diag.Diagnostic;
import io.minicontainer.spec.LoadedSpec;
import io.minicontainer.spec.SpecLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostPreflightTest {
    private static final List<String> LIMITS = List.of(
            "Limit                     Soft Limit           Hard Limit           Units     ",
            "Max cpu time              unlimited            unlimited            seconds   ",
            "Max open files            20000                20000                files     ");
    private static final HostLimits NO_SYS_RESOURCE = HostLimits.of(LIMITS, List.of("CapEff:\t000001fffeffffff"));
    private static final HostLimits WITH_SYS_RESOURCE = HostLimits.of(LIMITS, List.of("CapEff:\t000001ffffffffff"));
    private static final CgroupLayout V2_ALL = new CgroupLayout(Map.of(), "/sys/fs/cgroup", Set.of("cpu", "cpuset", "memory", "pids"));

    @TempDir Path bundle;

    @BeforeEach
    void busyboxRootfs() throws IOException {
        Path bin = Files.createDirectories(bundle.resolve("rootfs/bin"));
        Files.writeString(bin.resolve("busybox"), "");
        Files.setPosixFilePermissions(bin.resolve("busybox"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.createSymbolicLink(bin.resolve("sh"), Path.of("/bin/busybox"));
    }

    private static LoadedSpec spec(String inner) {
        return SpecLoader.parse("config.json", ("{'ociVersion':'1.0.2','root':{'path':'rootfs'},\n'process':{'cwd':'/',\n" + inner + "}}")
                .replace('\'', '"'));
    }

    private static List<String> formatted(ValidationResult r) { return r.diagnostics().stream().map(Diagnostic::format).toList(); }

    @Test
    void aGoodBundlePasses() {
        LoadedSpec s = spec("'args':['sh','-c','true'],'rlimits':[{'type':'RLIMIT_NOFILE','hard':1024,'soft':1024}]");
        assertEquals(List.of(), formatted(HostPreflight.check(s, bundle, V2_ALL, NO_SYS_RESOURCE)));
    }

    @Test
    void missingRootfs() {
        LoadedSpec s = spec("'args':['sh']");
        List<String> out = formatted(HostPreflight.check(s, bundle.resolve("elsewhere"), V2_ALL, NO_SYS_RESOURCE));
        assertEquals(1, out.size());
        assertTrue(out.get(0).startsWith("config.json:1:38: /root/path: root.path \"rootfs\" does not exist ("), out.get(0));
    }

    @Test
    void rootfsThatIsAFile() throws IOException {
        Files.writeString(bundle.resolve("file"), "");
        LoadedSpec s = SpecLoader.parse("config.json", "{\"root\":{\"path\":\"file\"},\"process\":{\"cwd\":\"/\",\"args\":[\"sh\"]}}");
        assertEquals(List.of("config.json:1:17: /root/path: root.path \"file\" is not a directory"),
                formatted(HostPreflight.check(s, bundle, V2_ALL, NO_SYS_RESOURCE)));
    }

    @Test
    void executableNotInTheContainersPath() {
        LoadedSpec s = spec("'args':['bash'],'env':['PATH=/usr/bin:/bin']");
        assertEquals(List.of("config.json:3:9: /process/args/0: executable \"bash\" not found in the container's PATH /usr/bin:/bin"
                        + " (the program must exist inside root.path and have an execute bit)"),
                formatted(HostPreflight.check(s, bundle, V2_ALL, NO_SYS_RESOURCE)));
    }

    @Test
    void missingCgroupControllers() {
        LoadedSpec s = SpecLoader.parse("config.json", ("{'root':{'path':'rootfs'},'process':{'cwd':'/','args':['sh']},\n'linux':{'resources':{\n"
                + "'memory':{'limit':67108864},\n'pids':{'limit':10},\n'cpu':{'shares':512,'cpus':'0'}}}}").replace('\'', '"'));
        CgroupLayout v1MemoryOnly = new CgroupLayout(Map.of("memory", "/sys/fs/cgroup/memory"), null, Set.of());
        assertEquals(List.of(
                        "config.json:4:8: /linux/resources/pids: the pids cgroup controller is not available on this host (remove this limit or enable the controller)",
                        "config.json:5:7: /linux/resources/cpu: the cpu cgroup controller is not available on this host (remove this limit or enable the controller)",
                        "config.json:5:7: /linux/resources/cpu: the cpuset cgroup controller is not available on this host (remove this limit or enable the controller)"),
                formatted(HostPreflight.check(s, bundle, v1MemoryOnly, NO_SYS_RESOURCE)));
        assertEquals(List.of(), formatted(HostPreflight.check(s, bundle, V2_ALL, NO_SYS_RESOURCE)));
    }

    @Test
    void v1OnlyMemorySettingsAndThrottlesWithoutTheirControllerAreRefusedWithTheirPointer() {
        LoadedSpec s = SpecLoader.parse("config.json", ("{'root':{'path':'rootfs'},'process':{'cwd':'/','args':['sh']},\n'linux':{'resources':{\n"
                + "'memory':{'kernelTCP':1048576,\n'swappiness':10,\n'disableOOMKiller':true},\n"
                + "'blockIO':{'throttleReadBpsDevice':[{'major':8,'minor':0,'rate':1}]}}}}").replace('\'', '"'));
        assertEquals(List.of(
                        "config.json:3:23: /linux/resources/memory/kernelTCP: memory.kernelTCP needs the cgroup v1 memory controller, which this host does not have (cgroup v2 has no such setting; remove it)",
                        "config.json:4:14: /linux/resources/memory/swappiness: memory.swappiness needs the cgroup v1 memory controller, which this host does not have (cgroup v2 has no such setting; remove it)",
                        "config.json:5:20: /linux/resources/memory/disableOOMKiller: memory.disableOOMKiller needs the cgroup v1 memory controller, which this host does not have (cgroup v2 has no such setting; remove it)",
                        "config.json:6:11: /linux/resources/blockIO: neither the blkio (v1) nor the io (v2) cgroup controller is available on this host (remove the throttle limits or enable the controller)"),
                formatted(HostPreflight.check(s, bundle, V2_ALL, NO_SYS_RESOURCE)));
    }

    @Test
    void deviceRulesNeedTheV1DevicesHierarchyButNotOnV2() {
        LoadedSpec s = SpecLoader.parse("config.json", ("{'root':{'path':'rootfs'},'process':{'cwd':'/','args':['sh']},\n'linux':{'resources':{\n"
                + "'devices':[{'allow':false,'access':'rwm'}]}}}").replace('\'', '"'));
        CgroupLayout v1MemoryOnly = new CgroupLayout(Map.of("memory", "/sys/fs/cgroup/memory"), null, Set.of());
        List<String> out = formatted(HostPreflight.check(s, bundle, v1MemoryOnly, NO_SYS_RESOURCE));
        assertEquals(1, out.size(), out.toString());
        assertTrue(out.get(0).startsWith("config.json:3:11: /linux/resources/devices: the devices cgroup controller is not mounted"), out.get(0));
        assertEquals(List.of(), formatted(HostPreflight.check(s, bundle, V2_ALL, NO_SYS_RESOURCE)), "v2: a BPF program, no controller");
    }

    @Test
    void inAUserNamespaceADeviceMustBeTheHostsNodeAtThatPath() {
        LoadedSpec s = SpecLoader.parse("config.json", ("{'root':{'path':'rootfs'},'process':{'cwd':'/','args':['sh']},\n"
                + "'linux':{'namespaces':[{'type':'user'},{'type':'mount'}],'devices':[\n"
                + "{'path':'/dev/null','type':'c','major':1,'minor':3},\n"
                + "{'path':'/dev/zero','type':'c','major':1,'minor':3},\n"
                + "{'path':'/dev/mc-not-there','type':'c','major':1,'minor':3}]}}").replace('\'', '"'));
        List<String> out = formatted(HostPreflight.check(s, bundle, V2_ALL, NO_SYS_RESOURCE));
        assertEquals(List.of(
                "config.json:4:1: /linux/devices/1: in a user namespace /dev/zero is a bind of the host's node, which is c 1:5,"
                        + " not c 1:3 (use the host path of the device the config names)",
                "config.json:5:1: /linux/devices/2: in a user namespace /dev/mc-not-there is a bind of the host's node,"
                        + " and the host has none there (create the node on the host, or run without a user namespace)"), out);
    }

    @Test
    void rlimitAboveTheHostHardLimitWithoutCapSysResource() {
        LoadedSpec s = spec("'args':['sh'],'rlimits':[{'type':'RLIMIT_NOFILE','hard':1048576,'soft':1024},{'type':'RLIMIT_CPU','hard':5,'soft':5}]");
        assertEquals(List.of("config.json:3:57: /process/rlimits/0/hard: RLIMIT_NOFILE hard 1048576 exceeds this host's hard limit 20000"
                        + " and CAP_SYS_RESOURCE is unavailable (lower it to at most 20000)"),
                formatted(HostPreflight.check(s, bundle, V2_ALL, NO_SYS_RESOURCE)));
        assertEquals(List.of(), formatted(HostPreflight.check(s, bundle, V2_ALL, WITH_SYS_RESOURCE)));
    }

    @Test
    void examplesPassPreflightOnABusyboxBundle() throws IOException {
        Path examples = Path.of(System.getProperty("mc.basedir", "."), "examples");
        for (String name : List.of("minimal", "limits", "caps-dropped", "non-root", "readonly-rootfs-tmpfs")) {
            LoadedSpec s = SpecLoader.load(examples.resolve(name + ".json"));
            assertEquals(List.of(), formatted(HostPreflight.check(s, bundle, V2_ALL, NO_SYS_RESOURCE)), name);
        }
        // podman's default RLIMIT_NOFILE of 1048576 is above this fake host's 20000, and its /run/netns file and
        // the bind sources under /var/lib/containers and /srv/data do not exist here
        LoadedSpec podman = SpecLoader.load(examples.resolve("podman-style.json"));
        assertEquals(List.of("/process/rlimits/0/hard", "/mounts/5/source", "/mounts/6/source", "/mounts/7/source", "/mounts/8/source",
                        "/mounts/9/source", "/mounts/10/source", "/linux/namespaces/1/path"),
                HostPreflight.check(podman, bundle, V2_ALL, NO_SYS_RESOURCE).diagnostics().stream().map(Diagnostic::pointer).toList());
    }

    @Test
    void readsThisProcessLimits() {
        HostLimits here = HostLimits.ofThisProcess();
        assertTrue(here.hardLimit("RLIMIT_NOFILE").isPresent());
    }

    @Test
    void aProgramThatAMountMayProvideIsOnlyAWarning() {
        // podman --init bind-mounts its init binary at /run/podman-init: it exists only after the mounts
        LoadedSpec s = SpecLoader.parse("config.json", ("{'ociVersion':'1.0.2','root':{'path':'rootfs'},'process':{'cwd':'/',"
                + "'args':['/run/podman-init','--','sh']},'mounts':[{'destination':'/proc','type':'proc','source':'proc'},"
                + "{'destination':'/run/podman-init','type':'bind','source':'/usr/libexec/podman/catatonit','options':['bind']}]}")
                .replace('\'', '"'));
        List<Diagnostic> out = HostPreflight.check(s, bundle, V2_ALL, NO_SYS_RESOURCE).diagnostics();
        assertEquals(1, out.size(), out.toString());
        assertEquals(Diagnostic.Severity.WARNING, out.get(0).severity());
        assertEquals("/process/args/0", out.get(0).pointer());
        assertTrue(out.get(0).message().endsWith("before the mounts; /mounts/1 may provide it"), out.get(0).message());
    }

    @Test
    void aProgramNoMountCouldProvideIsStillAnError() {
        LoadedSpec s = SpecLoader.parse("config.json", ("{'ociVersion':'1.0.2','root':{'path':'rootfs'},'process':{'cwd':'/',"
                + "'args':['/opt/app']},'mounts':[{'destination':'/proc','type':'proc','source':'proc'}]}").replace('\'', '"'));
        List<Diagnostic> out = HostPreflight.check(s, bundle, V2_ALL, NO_SYS_RESOURCE).diagnostics();
        assertEquals(1, out.size(), out.toString());
        assertTrue(out.get(0).isError());
    }

    @Test
    void aNamespacePathMustBeANamespaceFileOfItsType() throws IOException {
        Path fifo = bundle.resolve("fifo");
        assertEquals(0, exitOf(new ProcessBuilder("mkfifo", fifo.toString())));
        Path plain = Files.writeString(bundle.resolve("plain"), "");
        assertEquals("is not a namespace file (a FIFO)", HostPreflight.namespaceFileProblem(fifo, "network"));
        assertEquals("is not a namespace file (a regular file)", HostPreflight.namespaceFileProblem(plain, "network"));
        assertEquals("is a uts namespace, not network", HostPreflight.namespaceFileProblem(Path.of("/proc/self/ns/uts"), "network"));
        assertEquals("does not exist", HostPreflight.namespaceFileProblem(bundle.resolve("none"), "ipc"));
        assertEquals(null, HostPreflight.namespaceFileProblem(Path.of("/proc/self/ns/net"), "network"));
        assertEquals(null, HostPreflight.namespaceFileProblem(Path.of("/proc/self/ns/mnt"), "mount"));
    }

    private static int exitOf(ProcessBuilder pb) throws IOException {
        try {
            return pb.start().waitFor();
        } catch (InterruptedException e) {
            throw new IOException(e);
        }
    }

    @Test
    void hostHooksMustBeExecutableFilesOnTheHost() throws IOException {
        Path script = Files.writeString(bundle.resolve("hook.sh"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path plain = Files.writeString(bundle.resolve("plain"), "");
        String config = ("{'ociVersion':'1.0.2','root':{'path':'rootfs'},'process':{'cwd':'/','args':['sh']},'hooks':{"
                + "'prestart':[{'path':'" + script + "'},{'path':'" + bundle.resolve("missing") + "'}],"
                + "'poststop':[{'path':'" + bundle + "'}],'poststart':[{'path':'" + plain + "'}],"
                + "'startContainer':[{'path':'/only/in/the/container'}]}}").replace('\'', '"');
        List<String> out = formatted(HostPreflight.check(SpecLoader.parse("config.json", config), bundle, V2_ALL, NO_SYS_RESOURCE));
        assertEquals(3, out.size(), out.toString());
        assertTrue(out.get(0).contains("/hooks/prestart/1/path: hook " + bundle.resolve("missing") + " does not exist on the host"), out.get(0));
        assertTrue(out.stream().anyMatch(l -> l.contains("/hooks/poststart/0/path: hook " + plain + " is not executable")), out.toString());
        assertTrue(out.stream().anyMatch(l -> l.contains("/hooks/poststop/0/path: hook " + bundle + " is not a regular file")), out.toString());
    }

    @Test
    void bindSourcesMustExistOnTheHost() throws IOException {
        Files.createDirectories(bundle.resolve("data"));
        String config = ("{'ociVersion':'1.0.2','root':{'path':'rootfs'},'process':{'cwd':'/','args':['sh']},'mounts':["
                + "{'destination':'/a','type':'bind','source':'data','options':['bind']},"
                + "{'destination':'/b','source':'" + bundle.resolve("nope") + "','options':['rbind']},"
                + "{'destination':'/c','type':'tmpfs','source':'no-such-tmpfs-source'},"
                + "{'destination':'/d','type':'bind','source':'" + bundle.resolve("rootfs/c/made-by-the-tmpfs") + "','options':['bind']}]}").replace('\'', '"');
        List<String> out = formatted(HostPreflight.check(SpecLoader.parse("config.json", config), bundle, V2_ALL, NO_SYS_RESOURCE));
        assertEquals(1, out.size(), out.toString());
        assertTrue(out.get(0).endsWith(": /mounts/1/source: bind mount source " + bundle.resolve("nope")
                + " does not exist on the host (create it first, or fix the path)"), out.get(0));
    }

    @Test
    void capabilitiesTheRuntimeCannotHoldAreRefusedExceptInTheBoundingSet() {
        LoadedSpec s = spec("'args':['sh'],'capabilities':{'bounding':['CAP_SYS_RESOURCE'],'effective':['CAP_CHOWN','CAP_SYS_RESOURCE'],"
                + "'permitted':['CAP_SYS_RESOURCE']}");
        List<String> out = formatted(HostPreflight.check(s, bundle, V2_ALL, NO_SYS_RESOURCE));
        assertEquals(List.of("/process/capabilities/effective/1", "/process/capabilities/permitted/0"),
                HostPreflight.check(s, bundle, V2_ALL, NO_SYS_RESOURCE).diagnostics().stream().map(Diagnostic::pointer).toList());
        assertTrue(out.get(0).contains("CAP_SYS_RESOURCE is not in this host's bounding set, so no process here can hold it"), out.get(0));
        assertEquals(List.of(), formatted(HostPreflight.check(s, bundle, V2_ALL, WITH_SYS_RESOURCE)));
    }

    @Test
    void aLinkToANamespaceFileIsJudgedByWhatItLeadsTo() throws IOException {
        Path link = Files.createSymbolicLink(bundle.resolve("netns"), Path.of("/proc/self/ns/net"));
        assertEquals("is a net namespace, not uts", HostPreflight.namespaceFileProblem(link, "uts"));
        assertEquals(null, HostPreflight.namespaceFileProblem(link, "network"));
        assertEquals("is a net namespace, not uts", HostPreflight.namespaceFileProblem(Path.of("/proc/self/ns/net"), "uts"));
    }
}
