package io.minicontainer.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minicontainer.plan.HostStep.CgroupRemove;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the cleaner removes and leaves, on plain directories (no root, no cgroupfs): an empty directory goes with one
 * rmdir, anything else takes the full path as before (a symlink is unlinked, never rmdir'd through; a file is left).
 */
class CgroupCleanerTest {
    @TempDir Path tmp;

    private static List<CgroupRemove> cleanup(Path... dirs) {
        List<CgroupRemove> steps = new ArrayList<>();
        for (Path d : dirs) steps.add(new CgroupRemove(d.toString(), List.of()));
        return steps;
    }

    @Test
    void emptyDirsAndThenTheirParentAreRemoved() throws Exception {
        Path parent = Files.createDirectory(tmp.resolve("parent"));
        Path a = Files.createDirectory(parent.resolve("a")), b = Files.createDirectory(parent.resolve("b"));
        assertEquals(List.of(), CgroupCleaner.remove(cleanup(a, b, parent)));
        assertFalse(Files.exists(parent));
        assertEquals(List.of(), CgroupCleaner.remove(cleanup(a, b, parent)), "cleanup can be repeated");
    }

    @Test
    void aSharedParentStillInUseIsKept() throws Exception {
        Path parent = Files.createDirectory(tmp.resolve("parent"));
        Path mine = Files.createDirectory(parent.resolve("mine"));
        Path other = Files.createDirectory(parent.resolve("other"));
        assertEquals(List.of(), CgroupCleaner.remove(cleanup(mine, parent)));
        assertFalse(Files.exists(mine));
        assertTrue(Files.isDirectory(other));
    }

    @Test
    void aSymlinkIsUnlinkedAndItsTargetKept() throws Exception {
        Path target = Files.createDirectory(tmp.resolve("target"));
        Path link = Files.createSymbolicLink(tmp.resolve("link"), target);
        assertEquals(List.of(), CgroupCleaner.remove(cleanup(link)));
        assertFalse(Files.exists(link, LinkOption.NOFOLLOW_LINKS));
        assertTrue(Files.isDirectory(target), "never rmdir'd through the link");
    }

    @Test
    void aFileIsLeftAlone() throws Exception {
        Path file = Files.writeString(tmp.resolve("file"), "x");
        assertEquals(List.of(), CgroupCleaner.remove(cleanup(file)));
        assertTrue(Files.isRegularFile(file));
    }

    @Test
    void aDirThatCannotBeRemovedIsAFailureNamingIt() throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("busy"));
        Files.writeString(dir.resolve("left"), "x"); // rmdir: ENOTEMPTY, as EBUSY for a cgroup with tasks
        Path empty = Files.createDirectory(tmp.resolve("empty"));
        List<CgroupException> failures = CgroupCleaner.remove(cleanup(dir, empty));
        assertEquals(1, failures.size(), failures.toString());
        assertEquals(dir.toString(), failures.get(0).file());
        assertTrue(Files.isDirectory(dir));
        assertFalse(Files.exists(empty));
    }
}
