package io.minicontainer.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.minicontainer.testing.ContainerFixture;
import io.minicontainer.testing.ContainerFixture.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * linux.resources.devices on this hybrid host (the v1 devices controller): read back inside the
 * container by opening nodes it made itself with CAP_MKNOD, and from the host's devices.list.
 */
class DevicesCgroupIT {
    /** Open for reading (`< node`) and report the shell's error, "ok" when the open succeeded. */
    private static String probe(String name, String node) {
        return "if (: < " + node + ") 2>/tmp/err; then echo " + name + "=ok; else echo " + name + "=$(sed 's/.*: //' /tmp/err); fi; ";
    }

    private static void withMknod(ContainerFixture c) {
        ObjectNode caps = c.process().putObject("capabilities");
        for (String set : List.of("bounding", "effective", "permitted")) {
            caps.putArray(set).add("CAP_MKNOD").add("CAP_KILL").add("CAP_AUDIT_WRITE");
        }
    }

    @Test
    void aDeniedDeviceCannotBeOpenedEvenWhenCapMknodCreatedIt() throws Exception {
        try (ContainerFixture c = ContainerFixture.create()) {
            withMknod(c);   // the default config starts with runc's deny-all rule
            c.shell("mknod /dev/lc c 10 237 && echo mknod_char=ok; mknod /dev/blk b 7 0 && echo mknod_block=ok; "
                    + "mknod /dev/fz c 10 229 && echo mknod_fuse=ok; "
                    + probe("loop_control", "/dev/lc") + probe("block", "/dev/blk") + probe("fuse", "/dev/fz")
                    + probe("null", "/dev/null") + probe("urandom", "/dev/urandom")
                    + "echo x > /dev/null && echo write_null=ok; "
                    + "head -c 8 /dev/zero | wc -c | sed 's/^/zero_bytes=/'; "
                    + "if echo x > /dev/full 2>/tmp/err; then echo full=wrote; else echo full=$(sed 's/.*: //' /tmp/err); fi");
            Result r = c.run();
            assertEquals(0, r.exitCode(), r.dump());
            // runc's "c *:* m" and "b *:* m": making a node is allowed, opening it is not
            assertEquals("ok", r.value("mknod_char"), r.dump());
            assertEquals("ok", r.value("mknod_block"), r.dump());
            assertEquals("Operation not permitted", r.value("loop_control"), r.dump());
            assertEquals("Operation not permitted", r.value("block"), r.dump());
            assertEquals("Operation not permitted", r.value("fuse"), r.dump());
            // the default allow list: the nodes every container gets work
            assertEquals("ok", r.value("null"));
            assertEquals("ok", r.value("urandom"));
            assertEquals("ok", r.value("write_null"));
            assertEquals("8", r.value("zero_bytes").trim());
            assertEquals("No space left on device", r.value("full"), "really /dev/full, reached through the cgroup");
            c.assertNothingLeft();
        }
    }

    @Test
    void configRulesApplyInOrderAndTheHostSeesThem() throws Exception {
        try (ContainerFixture c = ContainerFixture.create()) {
            withMknod(c);
            ArrayNode rules = c.resources().putArray("devices");
            rules.addObject().put("allow", false).put("access", "rwm");
            rules.addObject().put("allow", true).put("type", "c").put("major", 10).put("minor", 237).put("access", "rw");
            rules.addObject().put("allow", false).put("type", "c").put("major", 1).put("minor", 9).put("access", "r");
            Path list = Path.of("/sys/fs/cgroup/devices/mini-container", c.id(), "devices.list");
            String[] hostList = new String[1];
            Result r = c.runPaused("mknod /dev/lc c 10 237; " + probe("loop_control", "/dev/lc")
                            + "mknod /dev/lp c 6 0; " + probe("printer", "/dev/lp") + "true",
                    "true", launcher -> hostList[0] = Files.readString(list));
            assertEquals(0, r.exitCode(), r.dump());
            assertEquals("ok", r.value("loop_control"), "allowed by /linux/resources/devices/1\n" + r.dump());
            assertEquals("Operation not permitted", r.value("printer"), "not on any allow list\n" + r.dump());
            List<String> entries = List.of(hostList[0].split("\n"));
            assertTrue(entries.contains("c 10:237 rw"), hostList[0]);
            assertTrue(entries.contains("c 1:3 rwm"), hostList[0]);
            assertTrue(entries.contains("c 136:* rwm"), hostList[0]);
            assertFalse(entries.contains("a *:* rwm"), "the deny-all rule emptied the list first\n" + hostList[0]);
            // runc's defaults come after the config: its "allow c 1:9 rwm" undoes the config's "deny c 1:9 r"
            assertTrue(entries.contains("c 1:9 rwm"), hostList[0]);
            c.assertNothingLeft();
        }
    }

    @Test
    void anInvalidRuleIsRefusedBeforeAnythingRuns() {
        try (ContainerFixture c = ContainerFixture.create()) {
            ArrayNode rules = c.resources().putArray("devices");
            rules.addObject().put("allow", false).put("access", "rwm");
            rules.addObject().put("allow", true).put("type", "a").put("major", 1).put("minor", 3).put("access", "r");
            c.shell("echo ran");
            Result r = c.run();
            assertEquals(65, r.exitCode(), r.dump());
            assertTrue(r.stderr().contains("/linux/resources/devices/1"), r.dump());
            assertFalse(r.stdout().contains("ran"));
            c.assertNothingLeft();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
