package io.minicontainer.cli;

import static io.minicontainer.cli.QuickCli.run;
import static io.minicontainer.cli.QuickCli.statusField;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** -u/--user UID[:GID], read back inside the container. */
class QuickUserIT {
    static Path work;
    static Path rootfs;

    @BeforeAll
    static void rootfs() throws Exception {
        assertEquals("root", System.getProperty("user.name"), "container tests run as root");
        work = QuickCli.workDir(QuickUserIT.class);
        rootfs = QuickCli.freshRootfs(work, "rootfs");
    }

    static QuickCli.Result status(String... userOption) throws Exception {
        String[] args = new String[userOption.length + 5];
        args[0] = "/bin/grep";
        args[1] = rootfs.toString();
        System.arraycopy(userOption, 0, args, 2, userOption.length);
        args[userOption.length + 2] = "--";
        args[userOption.length + 3] = "-E";
        args[userOption.length + 4] = "^(Uid|Gid|Groups):";
        String[] withFile = java.util.Arrays.copyOf(args, args.length + 1);
        withFile[args.length] = "/proc/self/status";
        QuickCli.Result r = run(work, withFile);
        assertEquals(0, r.exit(), r.toString());
        return r;
    }

    @Test
    void theGidDefaultsToTheUid() throws Exception {
        QuickCli.Result r = status("-u", "1000");
        assertEquals("1000 1000 1000 1000", statusField(r.out(), "Uid"));
        assertEquals("1000 1000 1000 1000", statusField(r.out(), "Gid"));
    }

    @Test
    void uidAndGid() throws Exception {
        QuickCli.Result r = status("--user", "1000:100");
        assertEquals("1000 1000 1000 1000", statusField(r.out(), "Uid"));
        assertEquals("100 100 100 100", statusField(r.out(), "Gid"));
        assertEquals("", statusField(r.out(), "Groups"), "no supplementary groups leak in from the runtime");
    }

    @Test
    void rootByDefaultAndWithUserZero() throws Exception {
        assertEquals("0 0 0 0", statusField(status().out(), "Uid"));
        assertEquals("0 0 0 0", statusField(status("--user", "0").out(), "Uid"));
    }

    @Test
    void theNonRootUserCannotWriteWhatRootOwns() throws Exception {
        QuickCli.Result r = run(work, "/bin/sh", rootfs.toString(), "-u", "1000", "--", "-c",
                "touch /root/x 2>/dev/null; echo status=$?; touch /tmp/x && echo tmp-ok; rm -f /tmp/x");
        assertEquals("status=1\ntmp-ok\n", r.out(), r.toString());
    }
}
