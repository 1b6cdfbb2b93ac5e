package io.minicontainer.features;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.minicontainer.testing.ContainerFixture;
import io.minicontainer.testing.ContainerFixture.Result;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * process.* and hostname: one non-root container with every attribute set, read back from
 * /proc/self inside; each test checks one field of the same run.
 */
class ProcessIT {
    private static Result r;

    @BeforeAll
    static void runOnce() throws Exception {
        try (ContainerFixture c = ContainerFixture.create()) {
            c.config().put("hostname", "feature-host");
            ObjectNode p = c.process();
            p.putArray("env").add("PATH=/bin").add("GREETING=hello world");
            p.put("cwd", "/tmp");
            p.put("oomScoreAdj", 500);
            p.put("noNewPrivileges", true);
            ObjectNode user = p.putObject("user");
            user.put("uid", 1000).put("gid", 1001).put("umask", 23); // 0027
            user.putArray("additionalGids").add(10).add(20);
            ArrayNode rl = p.putArray("rlimits");
            rl.addObject().put("type", "RLIMIT_NOFILE").put("soft", 1234).put("hard", 5678);
            rl.addObject().put("type", "RLIMIT_NPROC").put("soft", 300).put("hard", 400);
            ObjectNode caps = p.putObject("capabilities");
            caps.putArray("bounding").add("CAP_KILL").add("CAP_NET_BIND_SERVICE").add("CAP_NET_RAW").add("CAP_AUDIT_WRITE");
            caps.putArray("permitted").add("CAP_KILL").add("CAP_NET_BIND_SERVICE").add("CAP_NET_RAW");
            caps.putArray("effective").add("CAP_KILL").add("CAP_NET_BIND_SERVICE");
            caps.putArray("inheritable").add("CAP_NET_BIND_SERVICE").add("CAP_NET_RAW");
            caps.putArray("ambient").add("CAP_NET_BIND_SERVICE");
            c.shell("echo host=$(hostname); echo greeting=$GREETING; echo cwd=$(pwd); echo umask=$(umask);"
                    + " echo oom=$(cat /proc/self/oom_score_adj);"
                    + " grep -E '^(Uid|Gid|Groups|Cap...|NoNewPrivs):' /proc/self/status | sed 's/:\\s*/=/; s/\\s\\+/ /g';"
                    + " grep 'open files' /proc/self/limits | awk '{print \"nofile=\" $4 \"/\" $5}';"
                    + " grep 'processes' /proc/self/limits | awk '{print \"nproc=\" $3 \"/\" $4}'");
            r = c.run();
            c.assertNothingLeft();
        }
    }

    @AfterAll
    static void forget() { r = null; }

    @Test
    void ranCleanly() { assertEquals(0, r.exitCode(), r.dump()); }

    @Test
    void hostname() { assertEquals("feature-host", r.value("host")); }

    @Test
    void env() { assertEquals("hello world", r.value("greeting")); }

    @Test
    void cwd() { assertEquals("/tmp", r.value("cwd")); }

    @Test
    void umask() { assertEquals("0027", r.value("umask")); }

    @Test
    void oomScoreAdj() { assertEquals("500", r.value("oom")); }

    @Test
    void uidGidAndAdditionalGids() {
        assertEquals("1000 1000 1000 1000", r.value("Uid").trim());
        assertEquals("1001 1001 1001 1001", r.value("Gid").trim());
        assertEquals("10 20", r.value("Groups").trim());
    }

    @Test
    void rlimitsSoftAndHard() {
        assertEquals("1234/5678", r.value("nofile"));
        assertEquals("300/400", r.value("nproc"));
    }

    @Test
    void allFiveCapabilitySets() {
        // After execve as non-root, permitted and effective are exactly the ambient set; inheritable and bounding stay as set.
        assertEquals(hex(1L << 10), r.value("CapAmb"), r.dump());
        assertEquals(hex(1L << 10), r.value("CapPrm"), r.dump());
        assertEquals(hex(1L << 10), r.value("CapEff"), r.dump());
        assertEquals(hex(1L << 10 | 1L << 13), r.value("CapInh"), r.dump());
        assertEquals(hex(1L << 5 | 1L << 10 | 1L << 13 | 1L << 29), r.value("CapBnd"), r.dump());
    }

    @Test
    void noNewPrivileges() { assertEquals("1", r.value("NoNewPrivs")); }

    @Test
    void rootKeepsPermittedAndEffectiveAndNoNewPrivsCanBeOff() throws Exception {
        try (ContainerFixture c = ContainerFixture.create()) {
            c.process().put("noNewPrivileges", false);
            c.shell("grep -E '^(Cap...|NoNewPrivs):' /proc/self/status | sed 's/:\\s*/=/'");
            Result root = c.run();
            assertEquals(0, root.exitCode(), root.dump());
            long defaults = 1L << 5 | 1L << 10 | 1L << 29; // CAP_KILL, CAP_NET_BIND_SERVICE, CAP_AUDIT_WRITE
            assertEquals(hex(defaults), root.value("CapPrm"));
            assertEquals(hex(defaults), root.value("CapEff"));
            assertEquals(hex(defaults), root.value("CapBnd"));
            assertEquals(hex(0), root.value("CapInh"));
            assertEquals(hex(0), root.value("CapAmb"));
            assertEquals("0", root.value("NoNewPrivs"));
        }
    }

    private static String hex(long mask) { return String.format("%016x", mask); }
}
