package io.minicontainer.engines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.minicontainer.testing.BusyboxRootfs;
import io.minicontainer.testing.TestScope;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * podman 4.3 (conmon) driving mini-container, each step compared with runc in the same test. podman is kept
 * off the host's state: private --root/--runroot/--tmpdir under target/, cgroupfs, file events, no network.
 */
class PodmanIT {
    private static final String RUNC = "/usr/sbin/runc";
    private static final List<String> ULIMITS = List.of("--ulimit", "nofile=20000:20000", "--ulimit", "nproc=32768:32768");
    private static Path work;
    private static Path rootfs;
    private static List<String> podman;
    private static Path runroot;

    @BeforeAll
    static void setUp() throws Exception {
        assumeTrue(Engines.installed("podman"), "podman is not installed (apt-get install -y podman): PodmanIT does not run");
        work = BusyboxRootfs.targetDir().resolve("ep-" + TestScope.id("p").substring(2, 9));
        BusyboxRootfs.deleteTree(work);
        for (String d : List.of("root", "tmp", "net")) Files.createDirectories(work.resolve(d));
        // podman refuses a runroot longer than 50 characters: under target/ when that is short enough, else in /tmp
        runroot = work.resolve("rr");
        if (runroot.toString().length() > 50) runroot = Files.createTempDirectory("mcpr");
        Files.createDirectories(runroot);
        rootfs = BusyboxRootfs.freshCopy(work.resolve("rootfs"));
        Files.createDirectories(rootfs.resolve("data"));
        Files.writeString(rootfs.resolve("data/seed"), "seed\n");
        podman = List.of("podman", "--root", work.resolve("root").toString(), "--runroot", runroot.toString(),
                "--tmpdir", work.resolve("tmp").toString(), "--cgroup-manager=cgroupfs", "--events-backend=file",
                "--network-config-dir", work.resolve("net").toString());
    }

    @AfterAll
    static void tearDown() throws Exception {
        if (work == null || podman == null) return;
        for (String runtime : List.of(Engines.launcher().toString(), RUNC)) {
            Engines.run(work, Engines.concat(podman, "--runtime", runtime, "rm", "-af", "-t", "0"));
        }
        BusyboxRootfs.deleteTree(work);
        BusyboxRootfs.deleteTree(runroot);
        // podman (cgroupfs) leaves its parent cgroups behind: remove them if nobody else uses them (rmdir of a
        // cgroup only succeeds when it is empty, so another podman's containers are never touched)
        try (java.util.stream.Stream<Path> hierarchies = Files.list(Path.of("/sys/fs/cgroup"))) {
            for (Path h : hierarchies.toList()) {
                h.resolve("libpod_parent/conmon").toFile().delete();
                h.resolve("libpod_parent").toFile().delete();
            }
        }
    }

    private static Engines.Result podman(String runtime, String... args) throws Exception {
        return Engines.run(work, Engines.concat(Engines.concat(podman, "--runtime", runtime), args));
    }

    private static List<String> runtimes() { return List.of(Engines.launcher().toString(), RUNC); }

    @Test
    void execInEveryShapeAndUpdateMemoryBehaveAsUnderRunc() throws Exception {
        List<String> seen = new ArrayList<>();
        for (String runtime : runtimes()) {
            String name = TestScope.id(runtime.equals(RUNC) ? "prunc" : "pmc");
            List<String> run = new ArrayList<>(List.of("run", "-d", "--name", name, "--network", "none",
                    "--health-cmd", "cat /proc/1/cmdline", "--rootfs", rootfs.toString()));
            run.addAll(1, ULIMITS);
            run.addAll(List.of("sleep", "300"));
            Engines.Result started = podman(runtime, run.toArray(String[]::new));
            assertEquals(0, started.code(), runtime + ": " + started);
            String id = started.out().strip();

            Engines.Result plain = podman(runtime, "exec", name, "sh", "-c", "echo plain; id -u");
            Engines.Result tty = podman(runtime, "exec", "-t", name, "sh", "-c", "tty");
            Engines.Result user = podman(runtime, "exec", "--user", "1000:1000", name, "id", "-u");
            Engines.Result env = podman(runtime, "exec", "-e", "FOO=bar", name, "sh", "-c", "echo $FOO");
            Engines.Result cwd = podman(runtime, "exec", "-w", "/tmp", name, "pwd");
            Engines.Result health = podman(runtime, "healthcheck", "run", name);
            Engines.Result update = podman(runtime, "update", "--memory", "64m", name);
            Path limit = Path.of("/sys/fs/cgroup/memory/libpod_parent/libpod-" + id + "/memory.limit_in_bytes");
            String memory = Files.exists(limit) ? Files.readString(limit).strip() : "no file " + limit;
            String all = String.join("\n", plain.toString(), tty.toString(), user.toString(), env.toString(), cwd.toString(),
                    health.toString(), update.toString());

            assertEquals(0, plain.code(), runtime + ": " + all);
            assertEquals("plain\n0\n", plain.out(), runtime);
            assertTrue(tty.out().startsWith("/dev/pts/"), runtime + ": " + tty);
            assertEquals("1000\n", user.out(), runtime + ": " + user);
            assertEquals("bar\n", env.out(), runtime + ": " + env);
            assertEquals("/tmp\n", cwd.out(), runtime + ": " + cwd);
            assertEquals(0, health.code(), runtime + " healthcheck: " + health);
            assertEquals(0, update.code(), runtime + " update: " + update);
            assertEquals(Long.toString(64L << 20), memory, runtime + " update --memory 64m");
            seen.add(plain.out() + tty.out().replaceAll("[0-9]+", "N") + user.out() + env.out() + cwd.out() + memory);
            assertEquals(0, podman(runtime, "rm", "-f", "-t", "0", name).code());
        }
        assertEquals(seen.get(1), seen.get(0), "mini-container and runc differ");
    }

    @Test
    void readOnlyRootWithTmpfsMountsAsUnderRunc() throws Exception {
        List<String> outputs = new ArrayList<>();
        for (String runtime : runtimes()) {
            List<String> run = new ArrayList<>(List.of("run", "--rm", "--network", "none", "--read-only", "--tmpfs", "/data",
                    "--rootfs", rootfs.toString(), "sh", "-c",
                    "cat /data/seed; touch /x 2>/dev/null || echo root-ro; touch /tmp/t && echo tmp-rw; touch /data/n && echo data-rw;"
                            + " grep -c ' /data tmpfs' /proc/mounts"));
            run.addAll(1, ULIMITS);
            Engines.Result r = podman(runtime, run.toArray(String[]::new));
            assertEquals(0, r.code(), runtime + ": " + r);
            outputs.add(r.out());
        }
        assertEquals("seed\nroot-ro\ntmp-rw\ndata-rw\n1\n", outputs.get(0), "mini-container (tmpcopyup copies /data/seed)");
        assertEquals(outputs.get(1), outputs.get(0), "mini-container and runc differ");
    }

    /**
     * podman sends its default seccomp profile (containers-common): under mini-container the container
     * must be filtered (Seccomp: 2) and every probed syscall must fare exactly as under runc.
     */
    @Test
    void podmansDefaultSeccompProfileFiltersAsUnderRunc() throws Exception {
        Path probe = Path.of(System.getProperty("mc.seccompProbe", BusyboxRootfs.targetDir().resolve("seccomp-probe").toString()));
        Files.copy(probe, rootfs.resolve("probe"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        List<String> calls = new ArrayList<>();
        for (String name : List.of("getpid", "add_key", "request_key", "kexec_load", "userfaultfd", "bpf", "perf_event_open")) {
            int nr = io.minicontainer.seccomp.SyscallTable.number(io.minicontainer.seccomp.Arch.X86_64, name).orElseThrow();
            calls.add(name + ":64:" + nr + (name.equals("bpf") ? ":999" : ""));
        }
        List<String> outputs = new ArrayList<>();
        for (String runtime : runtimes()) {
            List<String> run = new ArrayList<>(List.of("run", "--rm", "--network", "none", "--rootfs", rootfs.toString(), "/probe"));
            run.addAll(1, ULIMITS);
            run.addAll(calls);
            Engines.Result r = podman(runtime, run.toArray(String[]::new));
            assertEquals(0, r.code(), runtime + ": " + r);
            outputs.add(r.out());
        }
        String ours = outputs.get(0);
        assertTrue(ours.startsWith("seccomp=2\n"), "the container is filtered:\n" + ours);
        assertTrue(ours.contains("getpid=ok"), ours);
        assertTrue(ours.contains("add_key=errno 38") && ours.contains("request_key=errno 38"), "ENOSYS from the default action:\n" + ours);
        assertTrue(ours.contains("kexec_load=errno 1") && ours.contains("userfaultfd=errno 1"), "EPERM:\n" + ours);
        assertTrue(ours.contains("bpf=errno 1") && ours.contains("perf_event_open=errno 1"), "EPERM without CAP_SYS_ADMIN:\n" + ours);
        assertEquals(outputs.get(1), ours, "mini-container and runc differ under podman's profile");
    }
}
