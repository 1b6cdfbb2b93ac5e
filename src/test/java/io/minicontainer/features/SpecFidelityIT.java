package io.minicontainer.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.minicontainer.testing.ContainerFixture;
import io.minicontainer.testing.ContainerFixture.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Configs other tools write run as runc runs them: no crash, no false refusal (issue 9, item 7). */
class SpecFidelityIT {
    @Test
    void theConfigRuncSpecPrintsRuns() throws Exception {
        try (ContainerFixture c = ContainerFixture.create()) {
            Path dir = c.scratch("runc-spec");
            Process p = new ProcessBuilder("runc", "spec").directory(dir.toFile()).redirectErrorStream(true).start();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0, "runc spec failed");
            c.configJson(Files.readString(dir.resolve("config.json")));
            c.process().put("terminal", false);
            c.shell("grep -E '^Cap(Eff|Amb)' /proc/self/status; hostname");
            Result r = c.run();
            assertEquals(0, r.exitCode(), r.dump());
            // its ambient set is not inheritable: the kernel cannot raise it, and runc runs it without
            assertEquals("0000000000000000", field(r, "CapAmb"), r.dump());
            assertEquals("0000000020000420", field(r, "CapEff"), r.dump());
            assertTrue(r.stdout().contains("\nrunc\n"), r.dump());
            assertTrue(r.stderr().contains("/process/capabilities/ambient/0: warning: ambient capability CAP_AUDIT_WRITE is not inheritable"),
                    r.dump());
            c.assertNothingLeft();
        }
    }

    @Test
    void aConfigWithoutProcessIsRefusedWithItsPointer() throws Exception {
        try (ContainerFixture c = ContainerFixture.create()) {
            c.config().remove("process");
            for (List<String> verb : List.of(List.of("run", "--id", c.id()), List.of("create", "--bundle", c.bundle().toString(), c.id()),
                    List.of("plan"))) {
                List<String> args = new java.util.ArrayList<>(verb);
                if (!verb.get(0).equals("create")) args.add(c.bundle().toString());
                Result r = c.cli(args);
                assertEquals(65, r.exitCode(), verb + "\n" + r.dump());
                assertTrue(r.stderr().contains("config.json:1:1: /process: process is missing"), r.dump());
                assertTrue(!r.stderr().contains("Exception"), r.dump());
            }
            // validate on the file accepts it (the spec needs process only for start); on the bundle
            // directory it runs the checks every planning verb runs, so it refuses it as run does
            assertEquals(0, c.cli(List.of("validate", c.bundle().resolve("config.json").toString())).exitCode());
            assertEquals(65, c.cli(List.of("validate", c.bundle().toString())).exitCode());
            c.assertNothingLeft();
        }
    }

    @Test
    void nullMembersAreAbsent() throws Exception {
        try (ContainerFixture c = ContainerFixture.create()) {
            ObjectNode p = c.process();
            p.putNull("rlimits");
            p.with("capabilities").putNull("ambient");
            c.linux().putNull("readonlyPaths");
            c.linux().putNull("uidMappings");
            c.shell("echo ok");
            Result r = c.run();
            assertEquals(0, r.exitCode(), r.dump());
            assertEquals("ok\n", r.stdout());
            c.assertNothingLeft();
        }
    }

    @Test
    void aProgramThatOnlyAMountProvidesRuns() throws Exception {
        try (ContainerFixture c = ContainerFixture.create()) {
            // as podman --init does with /run/podman-init: the program is a bind mount of a host file
            Path tool = c.scratch("tool").resolve("hello");
            Files.writeString(tool, "#!/bin/sh\necho from-the-mount\n");
            Files.setPosixFilePermissions(tool, PosixFilePermissions.fromString("rwxr-xr-x"));
            c.mount("/run/hello", "bind", tool.toString(), "bind", "ro");
            ArrayNode args = c.process().putArray("args");
            args.add("/run/hello");
            Result r = c.run();
            assertEquals(0, r.exitCode(), r.dump());
            assertEquals("from-the-mount\n", r.stdout());
            c.assertNothingLeft();
        }
    }

    private static String field(Result r, String name) {
        for (String line : r.stdout().split("\n")) if (line.startsWith(name + ":")) return line.substring(name.length() + 1).strip();
        throw new AssertionError("no " + name + " in\n" + r.dump());
    }
}
