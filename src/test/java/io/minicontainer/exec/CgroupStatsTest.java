package io.minicontainer.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stats on fake cgroup directories (plain files), one per kernel format. */
class CgroupStatsTest {
    @TempDir Path tmp;

    String dir(String name, String... fileAndText) throws Exception {
        Path d = Files.createDirectories(tmp.resolve(name));
        for (int i = 0; i < fileAndText.length; i += 2) Files.writeString(d.resolve(fileAndText[i]), fileAndText[i + 1]);
        return d.toString();
    }

    @Test
    void v1OomKillCounter() throws Exception {
        String killed = dir("a", "memory.oom_control", "oom_kill_disable 0\nunder_oom 0\noom_kill 2\n", "memory.failcnt", "7\n");
        String fine = dir("b", "memory.oom_control", "oom_kill_disable 0\nunder_oom 0\noom_kill 0\n", "memory.failcnt", "7\n");
        assertTrue(CgroupStats.oomKilled(List.of(dir("pids"), killed)));
        assertFalse(CgroupStats.oomKilled(List.of(fine)), "failcnt only counts when the kernel has no oom_kill line");
    }

    @Test
    void oldV1KernelFallsBackToFailcnt() throws Exception {
        assertTrue(CgroupStats.oomKilled(List.of(dir("a", "memory.oom_control", "oom_kill_disable 0\nunder_oom 0\n", "memory.failcnt", "3\n"))));
    }

    @Test
    void v2MemoryEvents() throws Exception {
        assertTrue(CgroupStats.oomKilled(List.of(dir("a", "memory.events", "low 0\nhigh 0\nmax 4\noom 1\noom_kill 1\noom_group_kill 0\n"))));
        assertFalse(CgroupStats.oomKilled(List.of(dir("b", "memory.events", "low 0\nhigh 0\nmax 0\noom 0\noom_kill 0\n"))));
        assertFalse(CgroupStats.oomKilled(List.of(dir("c"))), "no memory controller, no OOM kill to report");
    }

    @Test
    void pidsAreMergedAcrossHierarchies() throws Exception {
        assertEquals(List.of(5, 7, 9), CgroupStats.pids(List.of(
                dir("m", "cgroup.procs", "7\n5\n"), dir("p", "cgroup.procs", "5\n9\n"), dir("gone-already"))));
    }

    /** A freezer file whose cgroup was removed while pause or resume polled it fails at once, v1 and v2 alike. */
    @Test
    void aFreezerFileWhoseCgroupIsGoneFailsThePollAtOnce(@TempDir Path tmp) throws Exception {
        Path events = Files.writeString(tmp.resolve("cgroup.events"), "populated 1\nfrozen 0\n");
        assertEquals("populated 1\nfrozen 0\n", CgroupStats.readOrGone(events.toString()));
        java.io.IOException gone = assertThrows(java.io.IOException.class,
                () -> CgroupStats.readOrGone(tmp.resolve("removed/cgroup.events").toString()));
        assertTrue(gone.getMessage().contains("is gone"), gone.getMessage());
    }
}
