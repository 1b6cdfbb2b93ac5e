package io.minicontainer.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minicontainer.plan.HostStep;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Launch applies host steps one at a time (for tracing). A shared parent left by another running
 * container must still be accepted then; only the container's own leaf may not exist already.
 */
class CgroupApplierStepTest {
    @TempDir
    Path fs;

    @Test
    void stepByStepAnExistingSharedParentIsFineButAnExistingLeafIsNot() throws Exception {
        Path parent = Files.createDirectories(fs.resolve("mini-container"));
        Path leaf = parent.resolve("c1");
        List<HostStep> setup = List.of(new HostStep.CgroupCreate(parent.toString(), List.of()),
                new HostStep.CgroupCreate(leaf.toString(), List.of()));

        List<String> created = new ArrayList<>();
        CgroupApplier.applyOne(setup.get(0), setup, created);
        assertEquals(List.of(), created, "the parent is shared, not ours to create");
        CgroupApplier.applyOne(setup.get(1), setup, created);
        assertEquals(List.of(leaf.toString()), created);
        assertTrue(Files.isDirectory(leaf));

        CgroupException taken = assertThrows(CgroupException.class,
                () -> CgroupApplier.applyOne(setup.get(1), setup, new ArrayList<>()));
        assertTrue(taken.getMessage().contains("already in use"), taken.getMessage());
    }
}
