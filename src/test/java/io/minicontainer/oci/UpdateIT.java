package io.minicontainer.oci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** `update`: new limits read back from the live cgroup files, enforced, recorded for the next update. */
class UpdateIT {
    private final OciFixture fx;
    private final OciCli cli;

    UpdateIT() throws Exception {
        fx = new OciFixture();
        cli = fx.cli;
    }

    @AfterEach
    void tearDown() throws Exception { fx.close(); }

    private static String read(String controller, String id, String file) throws Exception {
        return Files.readString(Path.of("/sys/fs/cgroup", controller, "mini-container", id, file)).strip();
    }

    @Test
    void flagsAndAResourcesFileChangeTheLiveCgroupsAndAreEnforced() throws Exception {
        String id = OciFixture.newId("upd");
        Path bundle = fx.bundle("b", List.of("sleep", "600"), c -> {
            ObjectNode res = ((ObjectNode) c.get("linux")).putObject("resources");
            res.putObject("memory").put("limit", 64L << 20);
            res.putObject("pids").put("limit", 100);
        });
        assertEquals(0, cli.create(id, bundle, fx.work.resolve("o"), fx.work.resolve("e")).code());
        assertEquals(0, cli.run("start", id).code());
        assertEquals(Long.toString(64L << 20), read("memory", id, "memory.limit_in_bytes"));

        OciCli.Result r = cli.run("update", "--memory", "128m", "--memory-swap", "256m", "--pids-limit", "5",
                "--cpu-shares", "512", "--cpu-quota", "20000", "--cpu-period", "100000", id);
        assertEquals(0, r.code(), r.toString());
        assertEquals(Long.toString(128L << 20), read("memory", id, "memory.limit_in_bytes"));
        assertEquals(Long.toString(256L << 20), read("memory", id, "memory.memsw.limit_in_bytes"));
        assertEquals("5", read("pids", id, "pids.max"));
        assertEquals("512", read("cpu", id, "cpu.shares"));
        assertEquals("20000", read("cpu", id, "cpu.cfs_quota_us"));

        // enforced: with 5 tasks allowed (sleep + the exec'd shell + ...), forking 10 more fails
        OciCli.Result fork = cli.run("exec", id, "sh", "-c", "n=0; for i in 1 2 3 4 5 6 7 8 9 10; do sleep 5 & n=$((n+1)); done 2>/dev/null; echo started");
        assertTrue(fork.err().contains("fork") || fork.err().contains("Resource temporarily unavailable") || fork.code() != 0,
                "the pids limit stops the forks\n" + fork);

        // a resources file (as podman sends) merges with what was recorded: memory stays, pids changes
        Path file = fx.work.resolve("res.json");
        Files.writeString(file, "{\"pids\": {\"limit\": 50}}");
        OciCli.Result second = cli.run("update", "--resources=" + file, id);
        assertEquals(0, second.code(), second.toString());
        assertEquals("50", read("pids", id, "pids.max"));
        assertEquals(Long.toString(128L << 20), read("memory", id, "memory.limit_in_bytes"));
        String recorded = Files.readString(cli.root.resolve(id).resolve("config.json"));
        assertTrue(recorded.contains("\"limit\" : 134217728") && recorded.contains("\"limit\" : 50"), recorded);

        // lower again: memory below the recorded swap is fine; the order of the two files does not matter
        assertEquals(0, cli.run("update", "--memory", "32m", "--memory-swap", "32m", id).code());
        assertEquals(Long.toString(32L << 20), read("memory", id, "memory.limit_in_bytes"));
        assertEquals(Long.toString(32L << 20), read("memory", id, "memory.memsw.limit_in_bytes"));

        assertEquals(0, cli.run("delete", "--force", id).code());
        fx.assertGone(id);
    }

    @Test
    void invalidValuesAreRefusedLikeConfigValuesAndNothingChanges() throws Exception {
        String id = OciFixture.newId("upd");
        Path bundle = fx.bundle("b", List.of("sleep", "600"), c ->
                ((ObjectNode) c.get("linux")).putObject("resources").putObject("pids").put("limit", 100));
        assertEquals(0, cli.create(id, bundle, fx.work.resolve("o"), fx.work.resolve("e")).code());
        OciCli.Result swap = cli.run("update", "--memory", "128m", "--memory-swap", "64m", "--pids-limit", "7", id);
        assertEquals(65, swap.code(), swap.toString());
        assertTrue(swap.err().contains("/linux/resources/memory"), swap.toString());
        assertEquals("100", read("pids", id, "pids.max"), "a refused update changes nothing");
        OciCli.Result cpuset = cli.run("update", "--cpuset-cpus", "0", id);
        assertEquals(65, cpuset.code(), cpuset.toString());
        assertTrue(cpuset.err().contains("created without a limit for this controller"), cpuset.toString());
        OciCli.Result size = cli.run("update", "--memory", "lots", id);
        assertEquals(65, size.code(), size.toString());
        OciCli.Result huge = cli.run("update", "--memory", "99999999999999999999999", id);
        assertEquals(65, huge.code(), huge.toString());
        assertTrue(huge.err().contains("too large"), huge.toString());
        Path notJson = Files.writeString(fx.work.resolve("bad.json"), "{\"pids\": ");
        OciCli.Result malformed = cli.run("update", "--resources=" + notJson, id);
        assertEquals(65, malformed.code(), "malformed --resources is invalid input, not an I/O error: " + malformed);
        assertTrue(malformed.err().contains("not JSON"), malformed.toString());
        assertEquals("100", read("pids", id, "pids.max"), "a refused update changes nothing");
        assertEquals(0, cli.run("delete", "--force", id).code());
        OciCli.Result gone = cli.run("update", "--pids-limit", "5", id);
        assertEquals(65, gone.code());
    }
}
