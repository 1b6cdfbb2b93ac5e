package io.minicontainer.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A busybox-like rootfs in a temp dir: /bin/busybox, /bin/sh → busybox, absolute and escaping links. */
class RootfsPathsTest {
    @TempDir Path tmp;
    Path rootfs;

    @BeforeEach
    void makeRootfs() throws IOException {
        rootfs = Files.createDirectories(tmp.resolve("rootfs"));
        Files.createDirectories(rootfs.resolve("bin"));
        Files.createDirectories(rootfs.resolve("usr/local/bin"));
        executable(rootfs.resolve("bin/busybox"));
        Files.createSymbolicLink(rootfs.resolve("bin/sh"), Path.of("busybox"));
        Files.createSymbolicLink(rootfs.resolve("usr/local/bin/abs"), Path.of("/bin/busybox"));
        Files.writeString(rootfs.resolve("bin/data"), "not executable");
        // links that point outside the rootfs must be resolved inside it
        Path hostOnly = Files.createDirectories(tmp.resolve("host/bin"));
        executable(hostOnly.resolve("hosttool"));
        Files.createSymbolicLink(rootfs.resolve("bin/escape"), Path.of("../../host/bin/hosttool"));
        Files.createSymbolicLink(rootfs.resolve("bin/abs-escape"), tmp.resolve("host/bin/hosttool"));
        Files.createSymbolicLink(rootfs.resolve("bin/loop"), Path.of("loop"));
    }

    private static void executable(Path p) throws IOException {
        Files.writeString(p, "#!/bin/true\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @Test
    void searchesTheContainersPath() {
        assertEquals(Optional.of("/bin/sh"), RootfsPaths.resolveExecutable(rootfs, "sh", List.of("PATH=/usr/bin:/bin")));
        assertEquals(Optional.of("/bin/busybox"), RootfsPaths.resolveExecutable(rootfs, "busybox", null));
        assertEquals(Optional.empty(), RootfsPaths.resolveExecutable(rootfs, "sh", List.of("PATH=/usr/bin")));
    }

    @Test
    void absoluteArgAndAbsoluteSymlinkAreLookedUpInTheRootfs() {
        assertEquals(Optional.of("/bin/sh"), RootfsPaths.resolveExecutable(rootfs, "/bin/sh", List.of()));
        assertEquals(Optional.of("/usr/local/bin/abs"), RootfsPaths.resolveExecutable(rootfs, "abs", List.of()));
        assertEquals(Optional.of(rootfs.resolve("bin/busybox")), RootfsPaths.resolveInRoot(rootfs, "/usr/local/bin/abs"));
    }

    @Test
    void neverFollowsLinksOntoTheHost() {
        assertEquals(Optional.of(rootfs.resolve("host/bin/hosttool")), RootfsPaths.resolveInRoot(rootfs, "/bin/escape"));
        assertEquals(Optional.empty(), RootfsPaths.resolveExecutable(rootfs, "/bin/escape", List.of()));
        assertEquals(Optional.empty(), RootfsPaths.resolveExecutable(rootfs, "/bin/abs-escape", List.of()));
        assertEquals(Optional.of(rootfs.resolve("etc")), RootfsPaths.resolveInRoot(rootfs, "/../../../etc"));
    }

    @Test
    void rejectsNonExecutablesMissingFilesAndLoops() {
        assertEquals(Optional.empty(), RootfsPaths.resolveExecutable(rootfs, "/bin/data", List.of()));
        assertEquals(Optional.empty(), RootfsPaths.resolveExecutable(rootfs, "/bin", List.of()));
        assertEquals(Optional.empty(), RootfsPaths.resolveExecutable(rootfs, "nope", List.of()));
        assertEquals(Optional.empty(), RootfsPaths.resolveInRoot(rootfs, "/bin/loop"));
    }

    @Test
    void relativeArgWithSlashIsRelativeToCwd() {
        assertEquals(Optional.of("/bin/./sh"), RootfsPaths.resolveExecutable(rootfs, "./sh", List.of(), "/bin"));
    }
}
