package io.minicontainer.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a control file read says when the file, or its whole cgroup, is gone. */
class CgroupFilesTest {
    @Test
    void aMissingFileOrCgroupReadsAsNothing(@TempDir Path tmp) throws IOException {
        assertNull(CgroupFiles.readOrNull(tmp.resolve("cgroup.procs").toString()));
        assertEquals(List.of(), CgroupFiles.pids(tmp.resolve("gone/cgroup.procs").toString()));
        Files.writeString(tmp.resolve("cgroup.procs"), "12\n345\n");
        assertEquals(List.of(12, 345), CgroupFiles.pids(tmp.resolve("cgroup.procs").toString()));
    }

    /** The race itself (removed between open and read: ENODEV) cannot be staged here; its decision can. */
    @Test
    void aFailedReadIsGoneOnlyWhenItsCgroupIsGone(@TempDir Path tmp) throws IOException {
        assertTrue(CgroupFiles.removedMeanwhile(tmp.resolve("removed/cgroup.procs")));
        assertFalse(CgroupFiles.removedMeanwhile(tmp.resolve("cgroup.procs")));
        Files.createDirectories(tmp.resolve("a-directory"));
        // a failure in a cgroup that is still there stays a failure
        assertThrows(IOException.class, () -> CgroupFiles.readOrNull(tmp.resolve("a-directory").toString()));
    }
}
