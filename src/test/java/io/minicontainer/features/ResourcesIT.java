package io.minicontainer.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.minicontainer.testing.ContainerFixture;
import io.minicontainer.testing.ContainerFixture.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** linux.resources and linux.cgroupsPath on this hybrid host (v1 memory, pids, cpu, cpuset). */
class ResourcesIT {
    private static final long MiB = 1024 * 1024;

    private static Path cg(String controller, String path) {
        return Path.of("/sys/fs/cgroup", controller).resolve(path.substring(1));
    }

    private static String read(Path file) throws Exception {
        return Files.readString(file).trim();
    }

    @Test
    void limitsAreWrittenToTheContainersCgroups() throws Exception {
        try (ContainerFixture c = ContainerFixture.create()) {
            ObjectNode res = c.resources();
            res.putObject("memory").put("limit", 64 * MiB).put("swap", 96 * MiB);
            res.putObject("pids").put("limit", 50);
            res.putObject("cpu").put("shares", 512).put("quota", 50_000).put("period", 200_000).put("cpus", "1").put("mems", "0");
            String path = "/mini-container/" + c.id();
            Result r = c.runPaused("cat /proc/self/cgroup > /shared/cgroup", "echo done", launcher -> {
                assertEquals(String.valueOf(64 * MiB), read(cg("memory", path).resolve("memory.limit_in_bytes")));
                assertEquals(String.valueOf(96 * MiB), read(cg("memory", path).resolve("memory.memsw.limit_in_bytes")));
                assertEquals("50", read(cg("pids", path).resolve("pids.max")));
                assertEquals("512", read(cg("cpu", path).resolve("cpu.shares")));
                assertEquals("50000", read(cg("cpu", path).resolve("cpu.cfs_quota_us")));
                assertEquals("200000", read(cg("cpu", path).resolve("cpu.cfs_period_us")));
                assertEquals("1", read(cg("cpuset", path).resolve("cpuset.cpus")));
                assertEquals("0", read(cg("cpuset", path).resolve("cpuset.mems")));
                // the container's process really is in them (its host pid is listed), and the helper left
                for (String ctl : new String[] {"memory", "pids", "cpu", "cpuset"}) {
                    assertFalse(read(cg(ctl, path).resolve("cgroup.procs")).isEmpty(), ctl + " cgroup holds no process");
                }
            });
            assertEquals(0, r.exitCode(), r.dump());
            c.assertNothingLeft();
            for (String ctl : new String[] {"memory", "pids", "cpu", "cpuset"}) assertFalse(Files.exists(cg(ctl, path)), ctl + " cgroup left");
        }
    }

    @Test
    void cgroupsPathIsHonouredAndRemoved() throws Exception {
        try (ContainerFixture c = ContainerFixture.create()) {
            String path = "/mini-container-test-" + c.id();
            c.linux().put("cgroupsPath", path);
            c.resources().putObject("pids").put("limit", 20);
            Result r = c.runPaused("true", "true", launcher -> {
                assertEquals("20", read(cg("pids", path).resolve("pids.max")));
                assertTrue(Files.isDirectory(cg("memory", path)));
                assertFalse(Files.exists(cg("pids", "/mini-container/" + c.id())), "the default path must not be used");
            });
            assertEquals(0, r.exitCode(), r.dump());
            for (String ctl : new String[] {"memory", "pids", "cpu"}) assertFalse(Files.exists(cg(ctl, path)), ctl + " cgroup left");
            c.assertNothingLeft();
        }
    }

    @Test
    void defaultCgroupPathIsMiniContainerSlashId() throws Exception {
        try (ContainerFixture c = ContainerFixture.create()) {
            Result r = c.runPaused("true", "true", launcher -> {
                for (String ctl : new String[] {"memory", "pids", "cpu"}) {
                    assertTrue(Files.isDirectory(cg(ctl, "/mini-container/" + c.id())), ctl + " cgroup missing while running");
                }
            });
            assertEquals(0, r.exitCode(), r.dump());
            c.assertNothingLeft();
        }
    }

    @Test
    void memoryLimitOomKillsAndRunSaysSo() throws Exception {
        try (ContainerFixture c = ContainerFixture.create()) {
            c.resources().putObject("memory").put("limit", 32 * MiB).put("swap", 32 * MiB);
            // the shell itself holds 64 MiB in a variable: twice the limit
            Result r = c.shell("x=$(head -c 67108864 /dev/zero | tr '\\0' a); echo survived=${#x}").run();
            assertEquals(137, r.exitCode(), r.dump());
            assertFalse(r.stdout().contains("survived"), r.dump());
            assertTrue(r.stderr().contains("OOM-killed") && r.stderr().contains("/linux/resources/memory/limit"), r.dump());
            c.assertNothingLeft();
        }
    }

    @Test
    void pidsLimitCapsAForkLoop() throws Exception {
        try (ContainerFixture c = ContainerFixture.create()) {
            c.resources().putObject("pids").put("limit", 10);
            // The inner shell dies at its first failed fork; the outer one (pid 1) counts the processes it left with
            // builtins only (it could not fork a `ps` while they hold every pid). Every one of them, not only those
            // already named "sleep": on a busy machine a forked child may not have exec'd sleep yet (its comm is
            // still "sh", or "exe" mid-exec), which made this count 0-7 instead of 8.
            Result r = c.shell("sh -c 'for i in $(seq 20); do sleep 5 & done' 2>/dev/null; echo inner=$?; n=0;"
                    + " for p in /proc/[0-9]*; do [ \"${p#/proc/}\" = 1 ] || n=$((n+1)); done; echo sleeps=$n").run();
            assertEquals(0, r.exitCode(), r.dump());
            int sleeps = Integer.parseInt(r.value("sleeps"));
            assertTrue(sleeps > 0 && sleeps <= 8, "10 pids = 2 shells + at most 8 sleeps, got " + sleeps + "\n" + r.dump());
            assertTrue(!r.value("inner").equals("0"), "the fork loop must have failed\n" + r.dump());
            c.assertNothingLeft();
        }
    }

    @Test
    void eightMebibyteMemoryLimitRunsTrue() throws Exception {
        try (ContainerFixture c = ContainerFixture.create()) {
            c.resources().putObject("memory").put("limit", 8 * MiB);
            Result r = c.args("/bin/true").run();
            assertEquals(0, r.exitCode(), r.dump());
            c.assertNothingLeft();
        }
    }

    @Test
    void twoContainersShareTheDefaultParentCgroup() throws Exception {
        // /mini-container already exists while the first runs: the second must treat it as a shared parent.
        try (ContainerFixture first = ContainerFixture.create(); ContainerFixture second = ContainerFixture.create()) {
            Result r = first.runPaused("true", "true", launcher -> {
                Result other = second.shell("echo second").run();
                assertEquals(0, other.exitCode(), other.dump());
                second.assertNothingLeft();
                assertTrue(Files.isDirectory(cg("pids", "/mini-container/" + first.id())), "the second run must not remove the first's cgroup");
            });
            assertEquals(0, r.exitCode(), r.dump());
            first.assertNothingLeft();
        }
    }
}
