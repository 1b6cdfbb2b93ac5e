package io.minicontainer.oci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minicontainer.testing.BusyboxRootfs;
import io.minicontainer.testing.LauncherJvm;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a cold `run`, `create` and quick form load (docs/STARTUP.md): none of our lambdas (each one's first link
 * cost ~0.1 ms even from the class-data archive), no picocli, no ObjectMapper, no DateTimeFormatter, no SHA-256;
 * `run`, `create` and the quick form no Jackson parser or generator either (spec/PlainJson reads their JSON, spec/SpecTree
 * writes the quick form's).
 * The JVM is started directly (the launcher turns -Xlog off) and without the supervisor, so `run` keeps its wait.
 */
class StartPathClassesIT {
    private OciFixture fx;

    @BeforeEach
    void setUp() throws Exception { fx = new OciFixture(); }

    @AfterEach
    void tearDown() throws Exception { fx.close(); }

    private List<String> loadedBy(String name, String... args) throws Exception {
        Path base = BusyboxRootfs.targetDir().getParent();
        Path log = fx.work.resolve(name + ".classes");
        List<String> cmd = LauncherJvm.command(base); // the launcher's flags, without its archive: which classes load, not from where
        cmd.add("-Xlog:class+load=info:file=" + log);
        cmd.addAll(LauncherJvm.main(base));
        cmd.addAll(List.of("--root", fx.cli.root.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectInput(new File("/dev/null")).redirectOutput(fx.work.resolve(name + ".out").toFile())
                .redirectError(fx.work.resolve(name + ".err").toFile()).start();
        assertTrue(p.waitFor(OciCli.TIMEOUT_S, TimeUnit.SECONDS), name + " did not exit");
        assertEquals(0, p.exitValue(), Files.readString(fx.work.resolve(name + ".err")));
        List<String> classes = new ArrayList<>();
        for (String line : Files.readAllLines(log)) {
            String[] f = line.split(" ");
            if (f.length > 1 && line.contains("class,load")) classes.add(f[1]);
        }
        assertTrue(classes.size() > 400, "the class+load log was read: " + classes.size());
        return classes;
    }

    /** run and create read config.json and the schema with spec/PlainJson, and spec/SpecTree writes the quick form's config by hand: no Jackson parser or generator. */
    private static final String JACKSON_FACTORY = "com.fasterxml.jackson.core.JsonFactory";

    private static void assertLean(String what, List<String> classes, String... alsoUnwanted) {
        List<String> unwanted = new ArrayList<>();
        for (String c : classes) {
            if (List.of(alsoUnwanted).contains(c)) unwanted.add(c);
            boolean ourLambda = c.startsWith("io.minicontainer.") && c.contains("$$Lambda");
            if (ourLambda || c.startsWith("picocli.") || c.equals("com.fasterxml.jackson.databind.ObjectMapper")
                    || c.equals("java.time.format.DateTimeFormatter") || c.equals("sun.security.provider.SHA2")) {
                unwanted.add(c);
            }
        }
        assertEquals(List.of(), unwanted, what + " loaded");
    }

    @Test
    void runCreateAndTheQuickFormLoadNoneOfTheSlowParts() throws Exception {
        Path bundle = fx.bundle("b", "/bin/true");
        assertLean("run", loadedBy("run", "run", "--id", OciFixture.newId("lean"), bundle.toString()), JACKSON_FACTORY);
        assertLean("the quick form", loadedBy("quick", "--id", OciFixture.newId("leanq"), "/bin/true", BusyboxRootfs.path().toString()),
                JACKSON_FACTORY);
        String id = OciFixture.newId("leanc");
        Path podman = fx.bundle("p", List.of("/bin/true"), c -> { }); // replaced below by the podman-style example
        Files.copy(BusyboxRootfs.targetDir().getParent().resolve("examples/podman-style.json"), podman.resolve("config.json"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        var config = (com.fasterxml.jackson.databind.node.ObjectNode) OciFixture.JSON.readTree(podman.resolve("config.json").toFile());
        config.withObject("/root").put("path", BusyboxRootfs.path().toString());
        config.withObject("/linux").remove("cgroupsPath"); // the example's fixed path could meet another run's
        // as bench/startup.sh makes it runnable here: limits the host grants, no terminal, podman's host-only files and netns gone
        config.withObject("/process").put("terminal", false).putArray("args").add("/bin/true");
        for (var r : config.get("process").path("rlimits")) ((com.fasterxml.jackson.databind.node.ObjectNode) r).put("soft", 1024).put("hard", 1024);
        // the example's profile is an excerpt that would deny the exec itself: compiled all the same, but allowing by default
        config.withObject("/linux").withObject("/seccomp").put("defaultAction", "SCMP_ACT_ALLOW");
        for (var ns : config.get("linux").path("namespaces")) ((com.fasterxml.jackson.databind.node.ObjectNode) ns).remove("path");
        var mounts = config.withArray("mounts");
        for (int i = mounts.size() - 1; i >= 0; i--) {
            var m = mounts.get(i);
            if ("bind".equals(m.path("type").asText()) && !Files.exists(Path.of(m.path("source").asText()))) mounts.remove(i);
        }
        Files.writeString(podman.resolve("config.json"), config.toPrettyString());
        try {
            assertLean("create", loadedBy("create", "create", "--bundle", podman.toString(), id), JACKSON_FACTORY);
        } finally {
            fx.cli.run("delete", "--force", id);
        }
    }
}
