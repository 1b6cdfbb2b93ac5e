package io.minicontainer.oci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minicontainer.diag.RuntimeFailure;
import io.minicontainer.diag.UserError;
import io.minicontainer.exec.Errno;
import io.minicontainer.ffi.RecordingSyscalls;
import io.minicontainer.state.ContainerState;
import io.minicontainer.state.ProcStat;
import io.minicontainer.state.StateStore;
import io.minicontainer.state.StateTrust;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Status rules of kill and delete, without root: the "container" is this JVM, signals go to a fake. */
class ContainerOpsTest {
    @TempDir Path root;

    private final int self = (int) ProcessHandle.current().pid();
    private final long selfStart = ProcStat.read(self).orElseThrow().startTime();

    private StateStore storeWith(String id, int pid, long start, boolean fifo) throws Exception {
        StateStore store = new StateStore(root);
        store.createDir(id);
        store.write(new ContainerState("1.2.0", id, ContainerState.CREATED, pid, "b", null, null, null, start,
                List.of(), List.of(), null, false));
        if (fifo) Files.createFile(store.execFifo(id));
        return store;
    }

    /** The end of a run: a lock file that cannot be taken is a warning, not an error that replaces the run's status. */
    @Test
    void aLockThatCannotBeForgottenAfterARunIsAWarning() throws Exception {
        StateStore store = new StateStore(root);
        Files.createDirectories(store.lockFile("c1")); // a lock file that cannot be opened as one
        List<String> warnings = new ArrayList<>();
        new ContainerOps(store, new RecordingSyscalls(0), warnings::add).forgetLockAfterRun("c1");
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).startsWith("cannot remove the lock file of c1"), warnings.toString());
        new ContainerOps(store, new RecordingSyscalls(0), warnings::add).forgetLockAfterRun("c2"); // none: nothing to do
        assertEquals(1, warnings.size(), warnings.toString());
    }

    @Test
    void killSignalsACreatedOrRunningContainer() throws Exception {
        RecordingSyscalls fake = new RecordingSyscalls(0);
        StateStore store = storeWith("c", self, selfStart, true);
        ContainerOps ops = new ContainerOps(store, fake, w -> { });
        assertEquals(ContainerState.CREATED, ops.status(store.require("c")));
        ops.kill("c", 15);
        Files.delete(store.execFifo("c"));
        assertEquals(ContainerState.RUNNING, ops.status(store.require("c")));
        ops.kill("c", 9);
        assertEquals(List.of(new RecordingSyscalls.Kill(self, 15), new RecordingSyscalls.Kill(self, 9)), fake.kills);
    }

    @Test
    void killOfAStoppedOrReusedPidFailsWithoutSignalling() throws Exception {
        RecordingSyscalls fake = new RecordingSyscalls(0);
        StateStore store = storeWith("c", self, selfStart + 1, false); // same pid, other start time: reused
        ContainerOps ops = new ContainerOps(store, fake, w -> { });
        assertEquals(ContainerState.STOPPED, ops.status(store.require("c")));
        UserError e = assertThrows(UserError.class, () -> ops.kill("c", 15));
        assertTrue(e.getMessage().contains("is stopped"), e.getMessage());
        assertThrows(UserError.class, () -> ops.kill("missing", 15));
        assertEquals(List.of(), fake.kills);
    }

    @Test
    void esrchMeansStopped() throws Exception {
        StateStore store = storeWith("c", self, selfStart, false);
        ContainerOps ops = new ContainerOps(store, new RecordingSyscalls(Errno.ESRCH), w -> { });
        assertThrows(UserError.class, () -> ops.kill("c", 15));
    }

    @Test
    void startReleasesOnceAndASecondStartFails() throws Exception {
        // a plain file stands in for the fifo here: what matters is that it is gone before anything else
        StateStore store = storeWith("c", self, selfStart, true);
        ContainerOps ops = new ContainerOps(store, new RecordingSyscalls(0), w -> { });
        ops.start("c");
        assertTrue(!Files.exists(store.execFifo("c")), "the fifo is gone: the container counts as started");
        try (var left = Files.list(store.dir("c"))) {
            assertEquals(List.of("state.json"), left.map(p -> p.getFileName().toString()).toList());
        }
        assertEquals(ContainerState.RUNNING, ops.status(store.require("c")));
        UserError again = assertThrows(UserError.class, () -> ops.start("c"));
        assertTrue(again.getMessage().contains("is running"), again.getMessage());
    }

    @Test
    void deleteWithoutForceRefusesALiveContainerAndChangesNothing() throws Exception {
        RecordingSyscalls fake = new RecordingSyscalls(0);
        StateStore store = storeWith("c", self, selfStart, true);
        List<String> warnings = new ArrayList<>();
        ContainerOps ops = new ContainerOps(store, fake, warnings::add);
        UserError e = assertThrows(UserError.class, () -> ops.delete("c", false));
        assertTrue(e.getMessage().contains("is created"), e.getMessage());
        assertTrue(Files.exists(store.stateFile("c")) && Files.exists(store.execFifo("c")));
        assertEquals(List.of(), fake.kills);
    }

    @Test
    void deleteOfAStoppedContainerRemovesItsStateAndLock() throws Exception {
        StateStore store = storeWith("c", self, selfStart + 1, false);
        new ContainerOps(store, new RecordingSyscalls(0), w -> { }).delete("c", false);
        assertEquals(List.of(), store.ids());
        assertTrue(Files.notExists(store.lockFile("c")));
    }

    /** Its cgroups are gone with it; one that cannot be removed keeps the state, so that delete --force can retry. */
    @Test
    void deleteOfAStoppedContainerRemovesItsCgroupsOrKeepsItsState() throws Exception {
        Path cgroups = Files.createDirectory(root.resolve("cgroups")); // plain dirs standing in for cgroupfs
        Path parent = Files.createDirectory(cgroups.resolve("parent"));
        Path a = Files.createDirectory(parent.resolve("a")), b = Files.createDirectory(parent.resolve("b"));
        StateStore store = new StateStore(root.resolve("state"));
        List<String> dirs = List.of(a.toString(), b.toString());
        for (String id : List.of("ok", "stuck")) {
            store.createDir(id);
            store.write(new ContainerState("1.2.0", id, ContainerState.CREATED, self, "b", null, null, null, selfStart + 1,
                    dirs, List.of(a.toString(), b.toString(), parent.toString()), null, false));
        }
        new ContainerOps(store, new RecordingSyscalls(0), w -> { }).delete("ok", false);
        assertEquals(List.of("stuck"), store.ids());
        assertTrue(Files.notExists(parent), "the container's dirs, then their parent");

        Files.createDirectories(b.resolve("child")); // rmdir fails, as for a cgroup that still has a child
        Files.createDirectories(a);
        RuntimeFailure e = assertThrows(RuntimeFailure.class,
                () -> new ContainerOps(store, new RecordingSyscalls(0), w -> { }).delete("stuck", false));
        assertTrue(e.getMessage().contains("cannot remove the cgroups of 'stuck'") && e.getMessage().contains(b.toString()), e.getMessage());
        assertEquals(List.of("stuck"), store.ids(), "the state is kept");
        assertTrue(Files.exists(store.lockFile("stuck")));
        assertTrue(Files.notExists(a), "what could be removed is");
    }

    /** podman and the containerd shim call delete --force on ids that are gone: exit 0, nothing made, a lock file left by run removed. */
    @Test
    void deleteForceOfAGoneIdLeavesNothingAndKeepsTheRootsTrustCheck() throws Exception {
        StateStore store = new StateStore(root);
        ContainerOps ops = new ContainerOps(store, new RecordingSyscalls(0), w -> { });
        ops.delete("gone", true);
        assertEquals(List.of(), listRoot());

        Files.writeString(store.lockFile("gone"), "123"); // left by a run
        ops.delete("gone", true);
        assertEquals(List.of(), listRoot());

        Files.createDirectory(store.lockFile("odd")); // not a lock file: the lock refuses it, as before
        UserError odd = assertThrows(UserError.class, () -> ops.delete("odd", true));
        assertTrue(odd.getMessage().contains("refusing lock file"), odd.getMessage());
        Files.delete(store.lockFile("odd"));

        Files.setPosixFilePermissions(root, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
        try {
            assertThrows(StateTrust.Untrusted.class, () -> ops.delete("gone", true));
        } finally {
            Files.setPosixFilePermissions(root, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        }
        assertEquals(List.of(), listRoot());
    }

    private List<String> listRoot() throws Exception {
        try (var names = Files.list(root)) {
            return names.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
