package io.minicontainer.oci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The runtime's own files: every name it writes is created, never followed, and the state root is
 * trusted only when nobody but the runtime's uid can have written it (issue 11, points 1 and 2).
 */
class StateHardeningIT {
    private OciFixture fx;
    private Path outside;
    private Path victim;

    @BeforeEach
    void setUp() throws Exception {
        fx = new OciFixture();
        outside = Files.createDirectories(fx.work.resolve("outside"));
        victim = Files.writeString(outside.resolve("victim"), "precious");
        Files.setPosixFilePermissions(victim, PosixFilePermissions.fromString("rw-------"));
    }

    @AfterEach
    void tearDown() throws Exception { fx.close(); }

    @Test
    void symlinksPlantedAtEveryNameTheRuntimeWritesTouchNothingOutside() throws Exception {
        Path bundle = fx.bundle("b", "sleep", "30");
        Path root = fx.cli.root;
        Files.createDirectories(root);
        String locked = OciFixture.newId("lk"), taken = OciFixture.newId("dir"), ok = OciFixture.newId("ok");
        Files.createSymbolicLink(root.resolve("." + locked + ".lock"), victim);   // the lock file
        Files.createSymbolicLink(root.resolve(taken), outside);                  // a container's directory
        Files.createSymbolicLink(root.resolve(".cache"), outside);               // the schema cache
        Path pids = Files.createDirectories(fx.work.resolve("pids"));
        Files.createSymbolicLink(pids.resolve(".pid.tmp"), victim);             // the pid file's temporary
        Files.createSymbolicLink(pids.resolve("pid"), victim);                  // the pid file itself

        OciCli.Result r = fx.cli.create(locked, bundle, fx.work.resolve("o1"), fx.work.resolve("e1"));
        assertEquals(65, r.code(), "a symlinked lock file is refused: " + r);
        r = fx.cli.create(taken, bundle, fx.work.resolve("o2"), fx.work.resolve("e2"));
        assertEquals(65, r.code(), "a symlinked container dir is a taken id: " + r);
        OciCli.Result run = fx.cli.run("run", "--id", taken, bundle.toString());
        assertEquals(65, run.code(), "run refuses it the same way: " + run);

        r = fx.cli.create(ok, bundle, fx.work.resolve("o3"), fx.work.resolve("e3"), "--pid-file", pids.resolve("pid").toString());
        assertEquals(0, r.code(), r.toString());
        assertFalse(Files.isSymbolicLink(pids.resolve("pid")), "the pid file replaced the planted link");
        assertEquals(Integer.toString(fx.state(ok).get("pid").asInt()), Files.readString(pids.resolve("pid")));
        assertFalse(Files.exists(pids.resolve(".pid.tmp"), LinkOption.NOFOLLOW_LINKS), "no temporary is left");
        assertEquals(0, fx.cli.run("delete", "--force", ok).code());

        assertEquals("precious", Files.readString(victim));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(victim)));
        try (Stream<Path> s = Files.list(outside)) {
            assertEquals(List.of(victim), s.toList(), "nothing was written into the directory the links point to");
        }
        for (String planted : List.of("." + locked + ".lock", taken, ".cache")) {
            Files.delete(root.resolve(planted)); // else the fixture's delete --force would (rightly) refuse them
        }
    }

    @Test
    void theStateRootAndItsFilesArePrivateWhateverTheUmask() throws Exception {
        Path bundle = fx.bundle("b", "sleep", "30");
        String id = OciFixture.newId("umask");
        Path root = fx.cli.root;
        List<String> cmd = fx.cli.command("create", "--bundle", bundle.toString(), id);
        Process p = new ProcessBuilder(Stream.concat(Stream.of("sh", "-c", "umask 000; exec \"$@\" >/dev/null 2>&1 </dev/null", "sh"), cmd.stream()).toList())
                .start();
        assertEquals(0, p.waitFor(), "create under umask 000");
        assertEquals("rwx------", perms(root));
        assertEquals("rw-------", perms(root.resolve(id).resolve("state.json")));
        assertEquals("rw-------", perms(root.resolve("." + id + ".lock")));
        assertTrue(perms(root.resolve(id)).matches("rwx--[x-]--[x-]"), perms(root.resolve(id)));
        assertEquals(0, fx.cli.run("delete", "--force", id).code());
    }

    /** A record another user could have written names hooks we would run and cgroups we would kill: refused. */
    @Test
    void aRecordNotOwnedByTheRuntimeIsRefusedByEveryVerbAndRunsNoHook() throws Exception {
        Path marker = fx.work.resolve("poststop-ran");
        Path bundle = fx.bundle("b", List.of("sleep", "30"), c -> c.putObject("hooks").putArray("poststop").addObject()
                .put("path", "/bin/sh").putArray("args").add("sh").add("-c").add("touch " + marker));
        String id = OciFixture.newId("owned");
        assertEquals(0, fx.cli.create(id, bundle, fx.work.resolve("o"), fx.work.resolve("e")).code());
        int pid = fx.state(id).get("pid").asInt();
        Path stateFile = fx.cli.root.resolve(id).resolve("state.json");
        Path dir = fx.cli.root.resolve(id);

        for (Runnable plant : List.<Runnable>of(
                () -> chown(stateFile, 65534),
                () -> chmod(stateFile, "rw-rw-rw-"),
                () -> chmod(dir, "rwxrwxrwx"))) {
            plant.run();
            for (List<String> verb : List.of(List.of("state", id), List.of("start", id), List.of("kill", id, "KILL"),
                    List.of("pause", id), List.of("ps", id), List.of("delete", id), List.of("delete", "--force", id), List.of("list"))) {
                OciCli.Result r = fx.cli.run(verb.toArray(String[]::new));
                assertEquals(65, r.code(), verb + ": " + r);
                assertTrue(r.err().contains("refusing"), verb + ": " + r);
                assertEquals(1, r.err().strip().split("\n").length, "one line: " + r);
            }
            assertTrue(OciFixture.alive(pid), "the container was not killed");
            assertFalse(Files.exists(marker), "no hook ran");
            assertFalse(OciFixture.cgroupDirs(id).isEmpty(), "no cgroup removed");
            chown(stateFile, 0);
            chmod(stateFile, "rw-------");
            chmod(dir, "rwx--x--x");
        }
        assertEquals(0, fx.cli.run("delete", "--force", id).code(), "the runtime's own record is used");
        assertTrue(Files.exists(marker), "the hook runs from the runtime's own record");
        fx.assertGone(id);
    }

    @Test
    void aRootThatOthersMayWriteIsRefused() throws Exception {
        Files.createDirectories(fx.cli.root);
        chmod(fx.cli.root, "rwxrwxrwx");
        OciCli.Result r = fx.cli.run("list");
        assertEquals(65, r.code(), r.toString());
        assertTrue(r.err().contains("writable by group or others"), r.toString());
        chmod(fx.cli.root, "rwx------");
    }

    @Test
    void aRootThatIsNotADirectoryIsSaidSoByEveryVerb() throws Exception {
        Path file = Files.writeString(fx.work.resolve("not-a-dir"), "");
        OciCli cli = new OciCli(file);
        Path bundle = fx.bundle("b", "true");
        for (List<String> verb : List.of(List.of("list"), List.of("state", "x"), List.of("delete", "--force", "x"),
                List.of("run", "--id", "x", bundle.toString()), List.of("create", "--bundle", bundle.toString(), "x"))) {
            OciCli.Result r = cli.run(verb.toArray(String[]::new));
            assertEquals(65, r.code(), verb + ": " + r);
            assertTrue(r.err().contains("--root " + file + " is not a directory"), verb + ": " + r);
        }
    }

    @Test
    void aDuplicateIdExitsTheSameFromRunAndCreate() throws Exception {
        Path bundle = fx.bundle("b", "sleep", "30");
        String id = OciFixture.newId("dup");
        assertEquals(0, fx.cli.create(id, bundle, fx.work.resolve("o"), fx.work.resolve("e")).code());
        OciCli.Result create = fx.cli.create(id, bundle, fx.work.resolve("o2"), fx.work.resolve("e2"));
        OciCli.Result run = fx.cli.run("run", "--id", id, bundle.toString());
        assertEquals(65, create.code(), create.toString());
        assertEquals(65, run.code(), run.toString());
        assertTrue(create.err().contains("container '" + id + "' already exists"), create.toString());
        assertTrue(run.err().contains("container '" + id + "' already exists"), run.toString());
        assertEquals("created", fx.status(id), "the first container is untouched");
    }

    private static String perms(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
    }

    private static void chown(Path p, int uid) {
        try {
            Files.setAttribute(p, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static void chmod(Path p, String perms) {
        try {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(perms));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
