package io.minicontainer.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.minicontainer.diag.UserError;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateStoreTest {
    @TempDir Path root;

    @Test
    void idsFollowRuncsRule() {
        for (String ok : List.of("a", "abc-1_2.3+4", "0123456789abcdef".repeat(4))) assertEquals(ok, StateStore.requireValidId(ok));
        for (String bad : List.of("", ".x", "-x", "a/b", "..", "a b", "x".repeat(201), "é")) {
            assertThrows(UserError.class, () -> StateStore.requireValidId(bad), bad);
        }
    }

    @Test
    void writeReadRoundTripAndDuplicateDirFails() throws Exception {
        StateStore store = new StateStore(root);
        store.createDir("c1");
        ContainerState s = new ContainerState("1.2.0", "c1", ContainerState.CREATED, 42, "./b", Map.of("k", "v"), "/r", "t", 7,
                List.of("/sys/fs/cgroup/pids/mini-container/c1"), List.of("/sys/fs/cgroup/pids/mini-container/c1"), "h", null, false);
        store.write(s);
        assertEquals(s, store.read("c1").orElseThrow());
        assertEquals(List.of("c1"), store.ids());
        assertThrows(UserError.class, () -> store.createDir("c1"));
        assertThrows(UserError.class, () -> store.require("c2"));
        store.deleteDir("c1");
        assertEquals(List.of(), store.ids());
    }
}
