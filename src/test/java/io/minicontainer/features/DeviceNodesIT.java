package io.minicontainer.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.minicontainer.testing.ContainerFixture;
import io.minicontainer.testing.ContainerFixture.Result;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The container's /dev: fresh nodes made by mknod (the defaults and linux.devices), never the host's. */
class DeviceNodesIT {
    private static final List<String> DEFAULTS = List.of("null", "zero", "full", "random", "urandom", "tty");

    /** One line per node: "name=type major:minor mode uid:gid" (major/minor in hex, as stat prints them). */
    private static String statLines(String... paths) {
        StringBuilder b = new StringBuilder();
        for (String p : paths) b.append("stat -c '").append(p).append("=%F %t:%T %a %u:%g' ").append(p).append("; ");
        return b.toString();
    }

    @Test
    void theDefaultNodesAreFreshRootOwnedAndNotMounts() {
        try (ContainerFixture c = ContainerFixture.create()) {
            c.shell(statLines("/dev/null", "/dev/zero", "/dev/full", "/dev/random", "/dev/urandom", "/dev/tty")
                    + "echo mounts_on_dev_nodes=$(grep -cE ' /dev/(null|zero|full|random|urandom|tty) ' /proc/self/mountinfo)");
            Result r = c.run();
            assertEquals(0, r.exitCode(), r.dump());
            assertEquals("character special file 1:3 666 0:0", r.value("/dev/null"));
            assertEquals("character special file 1:5 666 0:0", r.value("/dev/zero"));
            assertEquals("character special file 1:7 666 0:0", r.value("/dev/full"));
            assertEquals("character special file 1:8 666 0:0", r.value("/dev/random"));
            assertEquals("character special file 1:9 666 0:0", r.value("/dev/urandom"));
            assertEquals("character special file 5:0 666 0:0", r.value("/dev/tty"));
            assertEquals("0", r.value("mounts_on_dev_nodes"), "made by mknod, not bind mounts of the host's nodes");
            c.assertNothingLeft();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void configDevicesHaveTheirTypeNumbersModeAndOwner() {
        try (ContainerFixture c = ContainerFixture.create()) {
            ArrayNode devices = c.linux().putArray("devices");
            devices.addObject().put("path", "/dev/xnull").put("type", "c").put("major", 1).put("minor", 3)
                    .put("fileMode", 0640).put("uid", 1000).put("gid", 100);
            devices.addObject().put("path", "/dev/disks/loop9").put("type", "b").put("major", 7).put("minor", 9)
                    .put("fileMode", 0600);
            devices.addObject().put("path", "/dev/ufuse").put("type", "u").put("major", 10).put("minor", 229)
                    .put("uid", 5).put("gid", 6);
            devices.addObject().put("path", "/dev/pipe").put("type", "p").put("fileMode", 0620).put("uid", 7).put("gid", 8);
            devices.addObject().put("path", "/dev/null").put("type", "c").put("major", 1).put("minor", 3).put("fileMode", 0600);
            c.process().putObject("user").put("uid", 0).put("gid", 0).put("umask", 077);   // must not reach the modes
            c.shell(statLines("/dev/xnull", "/dev/disks/loop9", "/dev/ufuse", "/dev/pipe", "/dev/null")
                    + "echo hi > /dev/null && echo write_null=ok; echo hi > /dev/xnull 2>/dev/null || echo write_xnull=refused");
            Result r = c.run();
            assertEquals(0, r.exitCode(), r.dump());
            assertEquals("character special file 1:3 640 1000:100", r.value("/dev/xnull"));
            assertEquals("block special file 7:9 600 0:0", r.value("/dev/disks/loop9"), "parents are created");
            assertEquals("character special file a:e5 666 5:6", r.value("/dev/ufuse"), "u is a char device; mode defaults to 0666");
            assertEquals("fifo 0:0 620 7:8", r.value("/dev/pipe"));
            assertEquals("character special file 1:3 600 0:0", r.value("/dev/null"), "a config device replaces the default");
            assertEquals("ok", r.value("write_null"), "the node works: c 1:3 is on the default allow list");
            assertEquals("refused", r.value("write_xnull"), "0640 and owner 1000 hold even for root without CAP_DAC_OVERRIDE");
            c.assertNothingLeft();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** mode, owner and ctime (which every chmod, chown and utimes sets) of the host's nodes. */
    private static Map<String, String> hostNodes() throws Exception {
        Map<String, String> m = new LinkedHashMap<>();
        for (String name : DEFAULTS) {
            Path p = Path.of("/dev", name);
            m.put(name, Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS) + " "
                    + Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS) + ":"
                    + Files.getAttribute(p, "unix:gid", LinkOption.NOFOLLOW_LINKS) + " "
                    + Files.getAttribute(p, "unix:ctime", LinkOption.NOFOLLOW_LINKS));
        }
        return m;
    }

    @Test
    void changingEveryDevEntryInsideLeavesTheHostsNodesUntouched() throws Exception {
        Map<String, String> before = hostNodes();
        try (ContainerFixture c = ContainerFixture.create()) {
            ObjectNode caps = c.process().putObject("capabilities");
            for (String set : List.of("bounding", "effective", "permitted")) {
                caps.putArray(set).add("CAP_CHOWN").add("CAP_FOWNER").add("CAP_DAC_OVERRIDE");
            }
            // Harmless values should a regression ever reach the host: o+x, group 1, an old mtime.
            c.shell("n=0; for f in $(find /dev -xdev ! -type l); do chmod o+x $f && chown 0:1 $f && touch -m -d '2001-01-01 00:00' $f"
                    + " && n=$((n+1)); done; echo changed=$n; "
                    + statLines("/dev/null", "/dev/tty"));
            Result r = c.run();
            assertEquals(0, r.exitCode(), r.dump());
            assertFalse(r.value("changed").equals("0"), r.dump());
            assertEquals("character special file 1:3 667 0:1", r.value("/dev/null"), "the change happened inside");
            assertEquals("character special file 5:0 667 0:1", r.value("/dev/tty"));
            c.assertNothingLeft();
        }
        assertEquals(before, hostNodes(), "the host's /dev nodes changed");
    }

    /**
     * In a user namespace mknod is refused, so the nodes are binds of the host's, made read-only:
     * even with host root mapped to the container's root (the worst case), chmod, chown and utimes
     * fail with EROFS while the node still works.
     */
    @Test
    void inAUserNamespaceTheHostNodesAreBoundReadOnly() throws Exception {
        Map<String, String> before = hostNodes();
        try (ContainerFixture c = ContainerFixture.create()) {
            c.linux().withArray("namespaces").addObject().put("type", "user");
            c.linux().putArray("uidMappings").addObject().put("containerID", 0).put("hostID", 0).put("size", 65536);
            c.linux().putArray("gidMappings").addObject().put("containerID", 0).put("hostID", 0).put("size", 65536);
            ObjectNode caps = c.process().putObject("capabilities");
            for (String set : List.of("bounding", "effective", "permitted")) {
                caps.putArray(set).add("CAP_CHOWN").add("CAP_FOWNER").add("CAP_DAC_OVERRIDE");
            }
            StringBuilder script = new StringBuilder();
            for (String name : DEFAULTS) {
                String f = "/dev/" + name;
                script.append("chmod o+x ").append(f).append(" 2>/dev/null || echo chmod_").append(name).append("=refused; ")
                        .append("chown 0:1 ").append(f).append(" 2>/dev/null || echo chown_").append(name).append("=refused; ")
                        .append("touch -m -d '2001-01-01 00:00' ").append(f).append(" 2>/dev/null || echo touch_")
                        .append(name).append("=refused; ");
            }
            script.append("echo x > /dev/null && echo write_null=ok; head -c 4 /dev/urandom | wc -c | sed 's/ //g; s/^/urandom=/'");
            c.shell(script.toString());
            Result r = c.run();
            assertEquals(0, r.exitCode(), r.dump());
            for (String name : DEFAULTS) {
                assertEquals("refused", r.value("chmod_" + name), r.dump());
                assertEquals("refused", r.value("chown_" + name), r.dump());
                assertEquals("refused", r.value("touch_" + name), r.dump());
            }
            assertEquals("ok", r.value("write_null"));
            assertEquals("4", r.value("urandom"));
            c.assertNothingLeft();
        }
        assertEquals(before, hostNodes(), "the host's /dev nodes changed");
    }
}
