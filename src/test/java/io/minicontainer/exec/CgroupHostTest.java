package io.minicontainer.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.minicontainer.cgroup.CgroupLayout;
import io.minicontainer.cgroup.CgroupPaths;
import io.minicontainer.plan.CgroupPlanner;
import io.minicontainer.plan.CgroupSetup;
import io.minicontainer.plan.HostStep;
import io.minicontainer.spec.Spec;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Real cgroups on this host (root needed): plan, apply, join a process, freeze, OOM, clean up. */
class CgroupHostTest {
    static final String PARENT = "/mini-container-test-" + io.minicontainer.testing.TestScope.TAG;
    static final long MIB = 1024 * 1024;

    CgroupLayout layout;
    final List<CgroupSetup> setups = new ArrayList<>();
    final List<Process> processes = new ArrayList<>();

    @BeforeEach
    void requireRootAndCgroups() throws IOException {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root");
        layout = HostProbe.cgroupLayout();
        assumeTrue(layout.mode() != CgroupLayout.Mode.NONE, "needs cgroups");
    }

    @AfterEach
    void cleanUp() {
        processes.forEach(Process::destroyForcibly);
        for (CgroupSetup s : setups) CgroupCleaner.remove(s.cleanup());
    }

    @AfterAll
    static void nothingLeftBehind() throws IOException {
        // Other runs on the machine create and remove cgroups while this walks: a directory that vanished
        // under the walk is skipped (Files.walk would throw), only names with this test's prefix count.
        List<Path> left = new java.util.ArrayList<>();
        Files.walkFileTree(Path.of("/sys/fs/cgroup"), java.util.Set.of(), 4, new java.nio.file.SimpleFileVisitor<>() {
            @Override
            public java.nio.file.FileVisitResult preVisitDirectory(Path dir, java.nio.file.attribute.BasicFileAttributes attrs) {
                if (dir.getFileName() != null && dir.getFileName().toString().contains(PARENT.substring(1))) left.add(dir);
                return java.nio.file.FileVisitResult.CONTINUE;
            }

            @Override
            public java.nio.file.FileVisitResult visitFile(Path file, java.nio.file.attribute.BasicFileAttributes attrs) {
                if (file.getFileName().toString().contains(PARENT.substring(1))) left.add(file);
                return java.nio.file.FileVisitResult.CONTINUE;
            }

            @Override
            public java.nio.file.FileVisitResult visitFileFailed(Path file, IOException e) {
                return java.nio.file.FileVisitResult.CONTINUE;
            }
        });
        assertEquals(List.of(), left);
    }

    CgroupSetup plan(Spec.Resources resources) throws IOException {
        String path = PARENT + "/" + UUID.randomUUID().toString().substring(0, 8);
        CgroupSetup s = CgroupPlanner.plan(layout, HostProbe.ownCgroups(), path, resources);
        setups.add(s);
        return s;
    }

    Process start(String... argv) throws IOException {
        Process p = new ProcessBuilder(argv).start();
        processes.add(p);
        return p;
    }

    static void join(CgroupSetup s, long pid) throws IOException {
        for (String procs : s.procsFiles()) CgroupFiles.write(procs, Long.toString(pid));
    }

    static String read(String dir, String file) throws IOException {
        return Files.readString(Path.of(dir, file)).trim();
    }

    String dirWith(CgroupSetup s, String file) {
        return s.dirs().stream().filter(d -> Files.exists(Path.of(d, file))).findFirst().orElseThrow();
    }

    @Test
    void applyJoinFreezeAndCleanUp() throws Exception {
        CgroupSetup s = plan(new Spec.Resources(
                new Spec.Memory(32 * MIB, null, 64 * MIB, null, null, null, null),
                new Spec.Pids(10),
                new Spec.Cpu(512L, 50_000L, 100_000L, null, null, "0", null), null));
        List<String> created = CgroupApplier.apply(s.setup());
        assertTrue(created.containsAll(s.dirs()));

        if (layout.mode() == CgroupLayout.Mode.V2) {
            String d = s.dirs().get(0);
            assertEquals("33554432", read(d, "memory.max"));
            assertEquals("10", read(d, "pids.max"));
            assertEquals("50000 100000", read(d, "cpu.max"));
        } else {
            assertEquals("33554432", read(dirWith(s, "memory.limit_in_bytes"), "memory.limit_in_bytes"));
            String memsw = dirWith(s, "memory.limit_in_bytes") + "/memory.memsw.limit_in_bytes";
            if (Files.exists(Path.of(memsw))) assertEquals(Long.toString(64 * MIB), Files.readString(Path.of(memsw)).trim());
            assertEquals("10", read(dirWith(s, "pids.max"), "pids.max"));
            assertEquals("512", read(dirWith(s, "cpu.shares"), "cpu.shares"));
            assertEquals("50000", read(dirWith(s, "cpu.shares"), "cpu.cfs_quota_us"));
            assertEquals("0", read(dirWith(s, "cpuset.cpus"), "cpuset.cpus"));
        }

        Process sleep = start("sleep", "30");
        join(s, sleep.pid());
        assertEquals(List.of((int) sleep.pid()), CgroupStats.pids(s));
        String procCgroup = Files.readString(Path.of("/proc/" + sleep.pid() + "/cgroup"));
        assertTrue(procCgroup.contains(PARENT + "/"), procCgroup);

        CgroupStats.freeze(s.dirs());
        CgroupStats.thaw(s.dirs());
        CgroupStats.freeze(s.dirs()); // left frozen: the cleaner must thaw before SIGKILL can work
        assertFalse(CgroupStats.oomKilled(s));

        List<CgroupException> failures = CgroupCleaner.remove(s.cleanup());
        assertEquals(List.of(), failures);
        assertTrue(sleep.waitFor(5, TimeUnit.SECONDS), "the process was killed");
        for (HostStep.CgroupRemove r : s.cleanup()) assertFalse(Files.exists(Path.of(r.dir())), r.dir());
        assertEquals(List.of(), CgroupCleaner.remove(s.cleanup()), "cleanup can be repeated");
    }

    /** A stopped container's cgroups: empty, maybe left frozen; each goes with one rmdir (no thaw, no SIGKILL needed). */
    @Test
    void emptyCgroupsLeftFrozenAreRemoved() throws Exception {
        CgroupSetup s = plan(null);
        CgroupApplier.apply(s.setup());
        CgroupStats.freeze(s.dirs());
        assertEquals(List.of(), CgroupCleaner.remove(s.cleanup()));
        for (HostStep.CgroupRemove r : s.cleanup()) assertFalse(Files.exists(Path.of(r.dir())), r.dir());
    }

    @Test
    void oomKillIsDetected() throws Exception {
        CgroupSetup s = plan(new Spec.Resources(
                new Spec.Memory(16 * MIB, null, 16 * MIB, null, null, null, null), null, null, null));
        CgroupApplier.apply(s.setup());
        // sh waits for a line, so it can be moved into the cgroup before it allocates; tail then
        // buffers an endless line of zeros until the kernel kills it.
        Process hog = start("sh", "-c", "read go; head -c 512M /dev/zero | tail > /dev/null");
        join(s, hog.pid());
        try (OutputStream in = hog.getOutputStream()) {
            in.write("go\n".getBytes());
        }
        assertTrue(hog.waitFor(20, TimeUnit.SECONDS));
        assertTrue(CgroupStats.oomKilled(s));
        assertEquals(List.of(), CgroupCleaner.remove(s.cleanup()));
    }

    @Test
    void rejectedValueNamesTheFileAndTheKernelsReason() throws Exception {
        CgroupSetup s = plan(new Spec.Resources(null, new Spec.Pids(5), null, null));
        String pidsDir = s.dirs().stream().filter(d -> d.contains("pids") || layout.mode() == CgroupLayout.Mode.V2)
                .findFirst().orElseThrow();
        List<HostStep> steps = new ArrayList<>(s.setup());
        steps.add(new HostStep.CgroupWrite(pidsDir + "/pids.max", "lots", List.of("/linux/resources/pids/limit")));
        CgroupException e = assertThrows(CgroupException.class, () -> CgroupApplier.apply(steps));
        assertEquals(pidsDir + "/pids.max", e.file());
        assertEquals("Invalid argument", e.reason());
        assertTrue(e.getMessage().contains("/linux/resources/pids/limit"), e.getMessage());
        assertTrue(e.createdDirs().containsAll(s.dirs()));
        assertEquals(List.of(), CgroupCleaner.remove(s.cleanup(), e.createdDirs()));
    }

    @Test
    void aCgroupInUseIsNeitherReusedNorRemovedByTheLoser() throws Exception {
        CgroupSetup s = plan(null);
        CgroupApplier.apply(s.setup());
        CgroupException e = assertThrows(CgroupException.class, () -> CgroupApplier.apply(s.setup()));
        assertTrue(e.reason().startsWith("File exists"), e.reason());
        assertEquals(List.of(), CgroupCleaner.remove(s.cleanup(), e.createdDirs()));
        for (String d : s.dirs()) assertTrue(Files.isDirectory(Path.of(d)), "the winner's cgroup is untouched: " + d);
        assertEquals(List.of(), CgroupCleaner.remove(s.cleanup()));
    }

    @Test
    void sharedParentSurvivesWhileAnotherContainerUsesIt() throws Exception {
        CgroupSetup a = plan(null), b = plan(null);
        CgroupApplier.apply(a.setup());
        CgroupApplier.apply(b.setup());
        assertEquals(List.of(), CgroupCleaner.remove(a.cleanup()), "EBUSY on the shared parent is not a failure");
        for (String d : b.dirs()) assertTrue(Files.isDirectory(Path.of(d)), d);
        assertEquals(List.of(), CgroupCleaner.remove(b.cleanup()));
        String parent = CgroupPaths.parentOf(b.dirs().get(0));
        assertFalse(Files.exists(Path.of(parent)), "the last one out removes " + parent);
    }

    /** Launch applies one step at a time (to trace each); a parent another container made must still be fine. */
    @Test
    void stepByStepApplyAcceptsAnExistingSharedParent() throws Exception {
        CgroupSetup a = plan(null), b = plan(null);
        CgroupApplier.apply(a.setup());
        List<String> created = new ArrayList<>();
        for (HostStep step : b.setup()) CgroupApplier.applyOne(step, b.setup(), created);
        assertEquals(b.dirs().size(), created.size(), "only b's own leaf dirs are new: " + created);
        assertEquals(List.of(), CgroupCleaner.remove(b.cleanup()));
        assertEquals(List.of(), CgroupCleaner.remove(a.cleanup()));
    }
}
