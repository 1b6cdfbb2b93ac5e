package io.minicontainer.oci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** runc's `run [-b DIR] [-d] [--pid-file F] [--keep] ID` next to our `run BUNDLE`. */
class RuncRunFormIT {
    private final OciFixture fx;
    private final OciCli cli;

    RuncRunFormIT() throws Exception {
        fx = new OciFixture();
        cli = fx.cli;
    }

    @AfterEach
    void tearDown() throws Exception { fx.close(); }

    @Test
    void bundleFlagOrCurrentDirectoryWithTheOperandAsId() throws Exception {
        Path bundle = fx.bundle("b", "sh", "-c", "echo ran; exit 3");
        String id = OciFixture.newId("runc");
        OciCli.Result r = cli.run("run", "-b", bundle.toString(), id);
        assertEquals(3, r.code(), r.toString());
        assertEquals("ran\n", r.out());
        fx.assertGone(id);

        // no -b: an operand that is no existing path is the id, the current directory the bundle
        String id2 = OciFixture.newId("runc");
        Process p = new ProcessBuilder(cli.command("run", id2)).directory(bundle.toFile())
                .redirectInput(Redirect.from(new File("/dev/null"))).redirectOutput(fx.work.resolve("o").toFile())
                .redirectError(fx.work.resolve("e").toFile()).start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(3, p.exitValue(), Files.readString(fx.work.resolve("e")));
        assertEquals("ran\n", Files.readString(fx.work.resolve("o")));
        fx.assertGone(id2);

        // our form still: an existing path is the bundle
        OciCli.Result ours = cli.run("run", "--id", id, bundle.toString());
        assertEquals(3, ours.code(), ours.toString());
    }

    @Test
    void detachLeavesItRunningWithAPidFile() throws Exception {
        Path bundle = fx.bundle("b", "sleep", "300");
        String id = OciFixture.newId("runc");
        Path pidFile = fx.work.resolve("pid");
        Process p = new ProcessBuilder(cli.command("run", "-d", "--pid-file", pidFile.toString(), "-b", bundle.toString(), id))
                .redirectInput(Redirect.from(new File("/dev/null"))).redirectOutput(fx.work.resolve("o").toFile())
                .redirectError(fx.work.resolve("e").toFile()).start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), Files.readString(fx.work.resolve("e")));
        assertEquals("running", fx.status(id));
        int pid = Integer.parseInt(Files.readString(pidFile).trim());
        assertEquals(pid, fx.state(id).get("pid").asInt());
        assertTrue(OciFixture.alive(pid));
        assertEquals(0, cli.run("delete", "--force", id).code());
        fx.assertGone(id);
    }

    /** As with create: a pid file that cannot be written fails the run (71) and leaves nothing. */
    @Test
    void aPidFileThatCannotBeWrittenFailsTheRun() throws Exception {
        Path bundle = fx.bundle("b", "sleep", "300");
        String id = OciFixture.newId("runc");
        Path pidFile = fx.work.resolve("no-such-dir/pid");
        OciCli.Result r = cli.run("run", "--pid-file", pidFile.toString(), "-b", bundle.toString(), id);
        assertEquals(71, r.code(), r.toString());
        assertTrue(r.err().contains("cannot write --pid-file " + pidFile), r.toString());
        fx.assertGone(id);
    }

    @Test
    void keepLeavesTheStoppedContainerForDelete() throws Exception {
        Path bundle = fx.bundle("b", "true");
        String id = OciFixture.newId("runc");
        OciCli.Result r = cli.run("run", "--keep", "-b", bundle.toString(), id);
        assertEquals(0, r.code(), r.toString());
        assertEquals("stopped", fx.status(id));
        assertTrue(!OciFixture.cgroupDirs(id).isEmpty(), "its cgroups stay until delete");
        assertEquals(0, cli.run("delete", id).code());
        fx.assertGone(id);
    }
}
