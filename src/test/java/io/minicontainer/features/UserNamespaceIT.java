package io.minicontainer.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.minicontainer.testing.ContainerFixture;
import io.minicontainer.testing.ContainerFixture.Result;
import io.minicontainer.testing.HostState;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * linux.namespaces user with mappings that leave host uid/gid 0 out (0 → 100000, 65536 ids, podman's
 * --uidmap 0:100000:65536): the child becomes root inside the namespace before any mount, so devpts,
 * mqueue, sysfs and proc mount, and files it creates belong to the mapped ids on the host.
 */
class UserNamespaceIT {
    private static final int HOST_ID = 100000;
    private static final String REPORT = "echo uid_map=$(cat /proc/self/uid_map); echo gid_map=$(cat /proc/self/gid_map);"
            + " echo id=$(id -u):$(id -g); echo user_ns=$(readlink /proc/self/ns/user);"
            + " grep -E '^Cap(Eff|Prm|Bnd)' /proc/self/status | tr -d '\\t' | sed 's/:/=/';"
            + " echo types=$(awk '{print $9}' /proc/self/mountinfo | sort -u | tr '\\n' ,);"
            + " touch /data/made-inside && mkdir /data/dir-inside && echo wrote=yes";

    @Test
    void mappingsThatLeaveHostRootOutWork() throws Exception {
        try (ContainerFixture c = ContainerFixture.create()) {
            chownRootfsToMappedRoot(c); // as podman does for --uidmap
            Path data = c.scratch("data");
            Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxrwxrwx"));
            c.mount("/data", "bind", data.toString(), "bind");
            userNamespace(c, HOST_ID);
            Result r = c.shell(REPORT).run();
            assertEquals(0, r.exitCode(), r.dump());
            assertEquals("0 100000 65536", r.value("uid_map").replaceAll("\\s+", " ").trim(), r.dump());
            assertEquals("0 100000 65536", r.value("gid_map").replaceAll("\\s+", " ").trim(), r.dump());
            assertEquals("0:0", r.value("id"), r.dump());
            assertNotEquals("user:[" + HostState.nsInode("user") + "]", r.value("user_ns"));
            for (String fs : List.of("proc", "devpts", "mqueue", "sysfs", "tmpfs")) {
                assertTrue(r.value("types").contains(fs + ","), fs + " must be mounted\n" + r.dump());
            }
            // the capabilities of the config (DefaultSpec: AUDIT_WRITE, KILL, NET_BIND_SERVICE), inside the namespace
            assertEquals("0000000020000420", r.value("CapEff"), r.dump());
            assertEquals("0000000020000420", r.value("CapBnd"), r.dump());
            assertEquals("yes", r.value("wrote"), r.dump());
            assertEquals(HOST_ID, Files.getAttribute(data.resolve("made-inside"), "unix:uid", LinkOption.NOFOLLOW_LINKS));
            assertEquals(HOST_ID, Files.getAttribute(data.resolve("made-inside"), "unix:gid", LinkOption.NOFOLLOW_LINKS));
            assertEquals(HOST_ID, Files.getAttribute(data.resolve("dir-inside"), "unix:uid", LinkOption.NOFOLLOW_LINKS));
            c.assertNothingLeft();
        }
    }

    @Test
    void aRootOwnedWorldReadableRootfsWorksToo() throws Exception {
        try (ContainerFixture c = ContainerFixture.create()) {
            userNamespace(c, HOST_ID);
            Result r = c.shell("echo id=$(id -u); echo uid_map=$(cat /proc/self/uid_map); ls /dev/pts/ptmx >/dev/null && echo pts=ok").run();
            assertEquals(0, r.exitCode(), r.dump());
            assertEquals("0", r.value("id"));
            assertEquals("0 100000 65536", r.value("uid_map").replaceAll("\\s+", " ").trim());
            assertEquals("ok", r.value("pts"));
            c.assertNothingLeft();
        }
    }

    @Test
    void theConfiguredUserIsTakenAfterTheRootfsIsSetUp() throws Exception {
        try (ContainerFixture c = ContainerFixture.create()) {
            userNamespace(c, HOST_ID);
            ObjectNode user = c.process().putObject("user");
            user.put("uid", 1000);
            user.put("gid", 1000);
            Result r = c.shell("echo id=$(id -u):$(id -g); grep CapEff /proc/self/status | tr -d '\\t' | sed 's/:/=/'").run();
            assertEquals(0, r.exitCode(), r.dump());
            assertEquals("1000:1000", r.value("id"));
            assertEquals("0000000000000000", r.value("CapEff"), "a non-root user without ambient capabilities has none");
            c.assertNothingLeft();
        }
    }

    @Test
    void joinsAUserNamespaceByPathBeforeCreatingTheOthers() throws Exception {
        // A process alone in a new user namespace whose maps the test writes as root (no newuidmap needed).
        Process holder = new ProcessBuilder("unshare", "--user", "sleep", "60").start();
        try (ContainerFixture c = ContainerFixture.create()) {
            Path nsPath = Path.of("/proc/" + holder.pid() + "/ns/user");
            String expected = waitForOwnUserNs(nsPath, holder);
            Files.writeString(Path.of("/proc/" + holder.pid() + "/uid_map"), "0 200000 65536\n");
            Files.writeString(Path.of("/proc/" + holder.pid() + "/gid_map"), "0 200000 65536\n");
            ArrayNode ns = (ArrayNode) c.linux().get("namespaces");
            ns.addObject().put("type", "user").put("path", nsPath.toString());
            Result r = c.shell("echo user_ns=$(readlink /proc/self/ns/user); echo uid_map=$(cat /proc/self/uid_map);"
                    + " echo id=$(id -u); echo types=$(awk '{print $9}' /proc/self/mountinfo | sort -u | tr '\\n' ,)").run();
            assertEquals(0, r.exitCode(), r.dump());
            assertEquals("user:[" + expected + "]", r.value("user_ns"), r.dump());
            assertEquals("0 200000 65536", r.value("uid_map").replaceAll("\\s+", " ").trim(), r.dump());
            assertEquals("0", r.value("id"));
            assertTrue(r.value("types").contains("devpts,"), r.dump());
            c.assertNothingLeft();
        } finally {
            holder.destroyForcibly();
            holder.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void createAndStartRunInTheUserNamespace() throws Exception {
        try (ContainerFixture c = ContainerFixture.create()) {
            userNamespace(c, HOST_ID);
            chownRootfsToMappedRoot(c); // the mapped root creates the mount point /out
            Path out = c.scratch("out");
            Files.setPosixFilePermissions(out, PosixFilePermissions.fromString("rwxrwxrwx"));
            c.mount("/out", "bind", out.toString(), "bind");
            c.shell("cat /proc/self/uid_map > /out/map");
            Result created = c.cli(List.of("create", "--bundle", c.bundle().toString(), c.id()));
            assertEquals(0, created.exitCode(), created.dump());
            assertEquals(0, c.cli(List.of("start", c.id())).exitCode());
            for (int i = 0; i < 400 && !c.cli(List.of("state", c.id())).stdout().contains("\"stopped\""); i++) Thread.sleep(25);
            assertEquals("0 100000 65536", Files.readString(out.resolve("map")).replaceAll("\\s+", " ").trim());
            assertEquals(0, c.cli(List.of("delete", c.id())).exitCode());
            c.assertNothingLeft();
        }
    }

    private static void userNamespace(ContainerFixture c, int hostId) {
        ((ArrayNode) c.linux().get("namespaces")).addObject().put("type", "user");
        for (String key : List.of("uidMappings", "gidMappings")) {
            c.linux().putArray(key).addObject().put("containerID", 0).put("hostID", hostId).put("size", 65536);
        }
    }

    /** The fixture hard-links the cached busybox: copy it first, so chown changes only this rootfs. */
    private static void chownRootfsToMappedRoot(ContainerFixture c) throws Exception {
        Path busybox = c.rootfs().resolve("bin/busybox");
        Path copy = busybox.resolveSibling("busybox.copy");
        Files.copy(busybox, copy, StandardCopyOption.COPY_ATTRIBUTES);
        Files.move(copy, busybox, StandardCopyOption.REPLACE_EXISTING);
        HostState.sh("chown -R -h " + HOST_ID + ":" + HOST_ID + " '" + c.rootfs() + "'");
    }

    private static String waitForOwnUserNs(Path nsPath, Process holder) throws InterruptedException {
        String host = HostState.nsInode("user");
        for (int i = 0; i < 200; i++) {
            if (!holder.isAlive()) throw new AssertionError("unshare --user exited");
            String ino = HostState.nsInode(nsPath);
            if (!ino.equals(host)) return ino;
            Thread.sleep(10);
        }
        throw new AssertionError("unshare --user did not create a namespace");
    }
}
