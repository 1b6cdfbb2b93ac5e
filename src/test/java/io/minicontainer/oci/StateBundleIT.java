package io.minicontainer.oci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minicontainer.testing.BusyboxRootfs;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * state.json's bundle is "the absolute path to the container's bundle directory" (runtime-spec, state): also when
 * the bundle was given relative to the caller's cwd, as a config file, or is the quick form's state directory.
 */
class StateBundleIT {
    private OciFixture fx;

    @BeforeEach
    void setUp() throws Exception { fx = new OciFixture(); }

    @AfterEach
    void tearDown() throws Exception { fx.close(); }

    @Test
    void createWithARelativeBundleRecordsItsAbsolutePath() throws Exception {
        String id = OciFixture.newId("relc");
        Path bundle = fx.bundle("b", "/bin/true");
        Process p = new ProcessBuilder(fx.cli.command("create", "--bundle", "./b/../b", id)).directory(fx.work.toFile())
                .redirectOutput(fx.work.resolve("o").toFile()).redirectError(fx.work.resolve("e").toFile()).start();
        assertTrue(p.waitFor(OciCli.TIMEOUT_S, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), java.nio.file.Files.readString(fx.work.resolve("e")));
        assertEquals(bundle.toString(), fx.state(id).get("bundle").asText());
        assertEquals(0, fx.cli.run("delete", "--force", id).code());
    }

    /** The state dir holds the config text create validated and planned; no hash of it (nothing read one, and it cost ~11 ms cold). */
    @Test
    void createRecordsTheConfigItselfAndNoHashOfIt() throws Exception {
        String id = OciFixture.newId("cfgc");
        Path bundle = fx.bundle("c", "/bin/true");
        Process p = new ProcessBuilder(fx.cli.command("create", "--bundle", bundle.toString(), id))
                .redirectOutput(fx.work.resolve("co").toFile()).redirectError(fx.work.resolve("ce").toFile()).start();
        assertTrue(p.waitFor(OciCli.TIMEOUT_S, TimeUnit.SECONDS));
        try {
            assertEquals(0, p.exitValue(), java.nio.file.Files.readString(fx.work.resolve("ce")));
            Path dir = fx.cli.root.resolve(id);
            assertEquals(java.nio.file.Files.readString(bundle.resolve("config.json")), java.nio.file.Files.readString(dir.resolve("config.json")));
            assertTrue(!java.nio.file.Files.readString(dir.resolve("state.json")).contains("configHash"), "state.json holds no configHash");
        } finally {
            assertEquals(0, fx.cli.run("delete", "--force", id).code());
        }
    }

    @Test
    void runWithARelativeConfigFileRecordsTheBundleDirectory() throws Exception {
        String id = OciFixture.newId("relr");
        Path bundle = fx.bundle("b", "/bin/sh", "-c", "echo up; exec sleep 60");
        assertRunningBundle(id, bundle.toString(), fx.cli.command("run", "--id", id, "b/config.json"));
    }

    @Test
    void theQuickFormRecordsItsStateDirectoryNormalised() throws Exception {
        String id = OciFixture.newId("relq");
        List<String> cmd = new ArrayList<>(List.of(OciCli.launcher().toString(), "--root", "./" + fx.work.relativize(fx.cli.root) + "/./",
                "--id", id, "/bin/sh", BusyboxRootfs.path().toString(), "--", "-c", "echo up; exec sleep 60"));
        assertRunningBundle(id, fx.cli.root.resolve(id).toString(), cmd);
    }

    private void assertRunningBundle(String id, String expected, List<String> cmd) throws Exception {
        Path out = fx.work.resolve(id + ".out");
        Process run = new ProcessBuilder(cmd).directory(fx.work.toFile()).redirectOutput(out.toFile()).redirectErrorStream(true).start();
        try {
            OciFixture.awaitContent(out, "up");
            assertEquals(expected, fx.state(id).get("bundle").asText());
            assertEquals(0, fx.cli.run("kill", id, "KILL").code());
            assertTrue(run.waitFor(30, TimeUnit.SECONDS));
            fx.assertGone(id);
        } finally {
            run.destroyForcibly();
        }
    }
}
