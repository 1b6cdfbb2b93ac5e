package io.minicontainer.features;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.minicontainer.testing.ContainerFixture;
import io.minicontainer.testing.ContainerFixture.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;

/** The "tmpcopyup" mount option (podman's --read-only and --tmpfs): the tmpfs starts with the directory's contents. */
class TmpCopyUpIT {
    @Test
    void aTmpfsWithTmpcopyupStartsWithTheCoveredDirectorysTree() throws Exception {
        try (ContainerFixture c = ContainerFixture.create()) {
            Path dir = Files.createDirectories(c.rootfs().resolve("data/sub"));
            Files.writeString(c.rootfs().resolve("data/file"), "from-rootfs");
            Files.writeString(dir.resolve("deep"), "deep");
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-x---"));
            Files.createSymbolicLink(c.rootfs().resolve("data/link"), Path.of("/etc/host-secret"));
            Files.writeString(c.scratch("x").resolve("host-secret"), "never copied");
            c.config().withObject("/root").put("readonly", true);
            c.mount("/data", "tmpfs", "tmpfs", "nosuid", "nodev", "tmpcopyup");
            c.mount("/empty", "tmpfs", "tmpfs", "tmpcopyup"); // a missing directory: created, nothing to copy
            c.shell("echo file=$(cat /data/file); echo deep=$(cat /data/sub/deep); echo mode=$(stat -c %a /data/sub);"
                    + " echo link=$(readlink /data/link); echo fs=$(stat -f -c %T /data); touch /data/new; echo write=$?;"
                    + " echo empty=$(ls -A /empty | wc -l)");
            Result r = c.run();
            assertEquals(0, r.exitCode(), r.dump());
            assertEquals("from-rootfs", r.value("file"));
            assertEquals("deep", r.value("deep"));
            assertEquals("750", r.value("mode"));
            assertEquals("/etc/host-secret", r.value("link"), "a symlink is copied as a link, never followed");
            assertEquals("tmpfs", r.value("fs"));
            assertEquals("0", r.value("write"), "the tmpfs is writable on a read-only root");
            assertEquals("0", r.value("empty"));
            assertEquals("from-rootfs", Files.readString(c.rootfs().resolve("data/file")));
            assertEquals(false, Files.exists(c.rootfs().resolve("data/new")), "writes go to the tmpfs, not the rootfs");
            c.assertNothingLeft();
        }
    }

}
