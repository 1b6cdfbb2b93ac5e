package io.minicontainer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minicontainer.state.ContainerState;
import io.minicontainer.state.StateStore;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `list` keeps its columns aligned whatever the id's length: podman's ids are 64 hex digits. */
class ListColumnsCliTest {
    @TempDir
    Path root;

    private void stopped(StateStore store, String id, String bundle) throws Exception {
        store.createDir(id);
        store.write(new ContainerState("1.2.0", id, ContainerState.STOPPED, 0, bundle, null, "/rootfs",
                "2026-12-01T19:00:00Z", 0, List.of(), List.of(), null, false));
    }

    @Test
    void everyColumnStartsAtTheSameOffsetInEveryRow() throws Exception {
        StateStore store = new StateStore(root);
        String podman = "4f2b".repeat(16);
        stopped(store, podman, "/var/lib/containers/storage/overlay-containers/" + podman + "/userdata");
        stopped(store, "short", "/b");
        CliHarness.Result r = CliHarness.run("--root", root.toString(), "list");
        assertEquals(ExitCode.OK, r.exitCode(), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals(3, lines.size(), r.out());
        String header = lines.get(0);
        for (String column : List.of("PID", "STATUS", "BUNDLE", "CREATED")) {
            int at = header.indexOf(column);
            for (String line : lines.subList(1, lines.size())) {
                assertEquals(' ', line.charAt(at - 1), column + " is not a column of:\n" + r.out());
                assertTrue(line.charAt(at) != ' ', column + " starts elsewhere in:\n" + r.out());
            }
        }
        assertTrue(lines.stream().anyMatch(l -> l.startsWith(podman + " ")), "the whole id, never cut: " + r.out());
    }
}
