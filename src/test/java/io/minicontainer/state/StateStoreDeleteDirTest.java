package io.minicontainer.state;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link StateStore#deleteDir}: what it removes, what it refuses. */
class StateStoreDeleteDirTest {
    @TempDir Path root;

    /** Everything in the dir goes, a symlink in it as a link (never its target); a non-empty subdirectory fails, as before. */
    @Test
    void removesTheDirAndWhatIsInItNeverFollowingALink() throws Exception {
        StateStore store = new StateStore(root);
        store.createDir("c1");
        Path outside = Files.createDirectory(root.resolve(".outside"));
        Files.writeString(outside.resolve("keep"), "x");
        Files.writeString(store.stateFile("c1"), "{}");
        Files.writeString(store.configFile("c1"), "{}");
        Files.createSymbolicLink(store.dir("c1").resolve("link"), outside);
        Files.createDirectory(store.dir("c1").resolve("empty"));
        store.deleteDir("c1");
        assertFalse(Files.exists(store.dir("c1"), LinkOption.NOFOLLOW_LINKS));
        assertTrue(Files.exists(outside.resolve("keep")));
        store.deleteDir("c1"); // gone: nothing to do

        store.createDir("c2");
        Files.createDirectory(store.dir("c2").resolve("full"));
        Files.writeString(store.dir("c2").resolve("full").resolve("f"), "x");
        assertThrows(DirectoryNotEmptyException.class, () -> store.deleteDir("c2"));
        assertTrue(Files.exists(store.dir("c2").resolve("full").resolve("f")));
    }

    @Test
    void refusesASymlinkedStateDir() throws Exception {
        StateStore store = new StateStore(root);
        Path elsewhere = Files.createDirectory(root.resolve(".elsewhere"));
        Files.writeString(elsewhere.resolve("state.json"), "{}");
        Files.createSymbolicLink(store.dir("c1"), elsewhere);
        assertThrows(StateTrust.Untrusted.class, () -> store.deleteDir("c1"));
        assertTrue(Files.exists(elsewhere.resolve("state.json")));
    }
}
