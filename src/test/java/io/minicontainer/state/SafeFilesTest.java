package io.minicontainer.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** writeAtomically creates its temporary with O_EXCL and removes whatever is in the way only then. */
class SafeFilesTest {
    @TempDir Path dir;

    @Test
    void aPlantedTemporaryIsReplacedNeverFollowed() throws Exception {
        Path victim = Files.writeString(dir.resolve("victim"), "precious");
        Path target = dir.resolve("state.json");
        Files.createSymbolicLink(dir.resolve(".state.json.tmp"), victim);
        SafeFiles.writeAtomically(target, "new".getBytes(), SafeFiles.OWNER_RW);
        assertEquals("new", Files.readString(target));
        assertEquals("precious", Files.readString(victim));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(target)));
        assertFalse(Files.exists(dir.resolve(".state.json.tmp"), LinkOption.NOFOLLOW_LINKS), "no temporary is left");
    }

    @Test
    void aStaleTemporaryIsReplacedAndTheTargetRenamedOver() throws Exception {
        Path target = Files.writeString(dir.resolve("state.json"), "old");
        Files.writeString(dir.resolve(".state.json.tmp"), "left by a killed writer");
        SafeFiles.writeAtomically(target, "new".getBytes(), SafeFiles.OWNER_RW);
        assertEquals("new", Files.readString(target));
        SafeFiles.writeAtomically(target, "newer".getBytes(), SafeFiles.OWNER_RW);
        assertEquals("newer", Files.readString(target));
        try (var left = Files.list(dir)) {
            assertEquals(1, left.count(), "only the target");
        }
    }

    @Test
    void aFailedRenameSaysWhy() throws Exception {
        Path from = dir.resolve("missing");
        java.nio.file.NoSuchFileException e = org.junit.jupiter.api.Assertions.assertThrows(java.nio.file.NoSuchFileException.class,
                () -> SafeFiles.rename(from, dir.resolve("to")));
        assertEquals(from.toString(), e.getFile());
    }
}
