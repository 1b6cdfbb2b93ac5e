package io.minicontainer.cli;

import static io.minicontainer.cli.QuickCli.run;
import static io.minicontainer.cli.QuickCli.statusField;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** --cap-add/--cap-drop, read back from /proc/self/status inside the container, and their effect on bind(80). */
class QuickCapabilitiesIT {
    static final String DEFAULT = "0000000020000420"; // AUDIT_WRITE, KILL, NET_BIND_SERVICE
    static final String NET_BIND = "0000000000000400";
    static final String NONE = "0000000000000000";
    static Path work;
    static Path rootfs;

    @BeforeAll
    static void rootfs() throws Exception {
        assertEquals("root", System.getProperty("user.name"), "container tests run as root");
        work = QuickCli.workDir(QuickCapabilitiesIT.class);
        rootfs = QuickCli.freshRootfs(work, "rootfs");
    }

    /** Cap{Bnd,Eff,Prm,Inh,Amb} of the container's process. */
    static List<String> caps(String... options) throws Exception {
        List<String> args = new ArrayList<>(List.of("/bin/grep", rootfs.toString()));
        args.addAll(Arrays.asList(options));
        args.addAll(List.of("--", "^Cap", "/proc/self/status"));
        QuickCli.Result r = run(work, args.toArray(String[]::new));
        assertEquals(0, r.exit(), r.toString());
        List<String> out = new ArrayList<>();
        for (String f : List.of("CapBnd", "CapEff", "CapPrm", "CapInh", "CapAmb")) out.add(statusField(r.out(), f));
        return out;
    }

    @Test
    void withoutFlagsRootHasTheDefaultSetAndNothingIsInheritableOrAmbient() throws Exception {
        assertEquals(List.of(DEFAULT, DEFAULT, DEFAULT, NONE, NONE), caps());
    }

    @Test
    void withoutFlagsANonRootUserHasNone() throws Exception {
        assertEquals(List.of(DEFAULT, NONE, NONE, NONE, NONE), caps("--user", "1000"));
    }

    @Test
    void dropAllAddOneLeavesExactlyThatOneInEverySetForRoot() throws Exception {
        assertEquals(List.of(NET_BIND, NET_BIND, NET_BIND, NET_BIND, NET_BIND),
                caps("--cap-drop", "ALL", "--cap-add", "NET_BIND_SERVICE"));
    }

    @Test
    void dropAllAddOneLeavesExactlyThatOneInEverySetForANonRootUserToo() throws Exception {
        assertEquals(List.of(NET_BIND, NET_BIND, NET_BIND, NET_BIND, NET_BIND),
                caps("--cap-add", "NET_BIND_SERVICE", "--user", "1000", "--cap-drop", "ALL"));
    }

    @Test
    void repeatableCommaSeparatedAnyCaseWithOrWithoutThePrefix() throws Exception {
        // default - KILL - AUDIT_WRITE + NET_ADMIN (12) + SYS_TIME (25), and KILL back (add after drop)
        String expected = String.format("%016x", (1L << 10) | (1L << 12) | (1L << 25) | (1L << 5));
        String added = String.format("%016x", (1L << 12) | (1L << 25) | (1L << 5));
        assertEquals(List.of(expected, expected, expected, added, added),
                caps("--cap-drop", "kill,audit_write", "--cap-add", "cap_net_admin,Sys_Time", "--cap-add", "KILL"));
    }

    @Test
    void dropAllLeavesNothing() throws Exception {
        assertEquals(List.of(NONE, NONE, NONE, NONE, NONE), caps("--cap-drop", "ALL"));
    }

    @Test
    void theCapabilityWorksForANonRootUserAndItsAbsenceIsFelt() throws Exception {
        String bind80 = "timeout 1 nc -l -p 80; echo status=$?";
        QuickCli.Result with = run(work, "/bin/sh", rootfs.toString(), "-u", "1000", "--cap-drop", "ALL",
                "--cap-add", "NET_BIND_SERVICE", "--", "-c", bind80);
        assertEquals("status=143\n", with.out(), "nc bound port 80 and was stopped by timeout: " + with);
        QuickCli.Result without = run(work, "/bin/sh", rootfs.toString(), "-u", "1000", "--", "-c", bind80);
        assertEquals("status=1\n", without.out(), without.toString());
        assertTrue(without.err().contains("Permission denied"), without.toString());
    }
}
