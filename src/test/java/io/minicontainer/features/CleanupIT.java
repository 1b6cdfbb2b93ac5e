package io.minicontainer.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minicontainer.testing.ContainerFixture;
import io.minicontainer.testing.ContainerFixture.Result;
import io.minicontainer.testing.HostState;
import io.minicontainer.diag.RuntimeFailure;
import io.minicontainer.exec.HostProbe;
import io.minicontainer.exec.Launch;
import io.minicontainer.exec.TraceSink;
import io.minicontainer.plan.Plan;
import io.minicontainer.plan.PlanRequest;
import io.minicontainer.plan.Planner;
import io.minicontainer.spec.Spec;
import io.minicontainer.spec.SpecLoader;
import java.io.File;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A failure at any step leaves nothing behind (cgroups, mounts, state dir) and `run` says in one
 * line which step failed, with the syscall's errno name and the config pointer behind the step.
 */
class CleanupIT {
    private static void assertFailsCleanly(ContainerFixture c, String linePattern) {
        List<String> mountsBefore = HostState.ownMounts();
        Result r = c.run();
        assertEquals(71, r.exitCode(), "a failed step is a runtime failure (71)\n" + r.dump());
        List<String> lines = r.stderr().lines().toList();
        assertEquals(1, lines.size(), "one line, no stack trace\n" + r.dump());
        assertTrue(Pattern.compile(linePattern).matcher(lines.get(0)).find(), "expected /" + linePattern + "/ in\n" + r.dump());
        assertEquals(mountsBefore, HostState.ownMounts(), "mounts under this checkout changed");
        c.assertNothingLeft();
    }

    @Test
    void mountTheKernelRefuses() throws Exception {
        try (ContainerFixture c = ContainerFixture.create()) {
            c.mount("/mnt/x", "nosuchfs" + c.id().replaceAll("[^a-z0-9]", ""), "none");
            assertFailsCleanly(c, "^mini-container: step \\d+ mount nosuchfs\\S+ none on \\S+/mnt/x: ENODEV .* from /mounts/6");
        }
    }

    @Test
    void bindOfAMissingHostPathIsRefusedBeforeAnythingIsCreated() throws Exception {
        try (ContainerFixture c = ContainerFixture.create()) {
            c.mount("/mnt/x", "bind", "/nonexistent-" + c.id(), "bind");
            Result r = c.run();
            assertEquals(65, r.exitCode(), r.dump());
            assertTrue(r.stderr().contains("/mounts/6/source: bind mount source /nonexistent-" + c.id() + " does not exist on the host"), r.dump());
            assertTrue(HostState.cgroupDirsNamed(c.id()).isEmpty(), "preflight failed: nothing may have been created");
            c.assertNothingLeft();
        }
    }

    @Test
    void cgroupWriteTheKernelRejects() throws Exception {
        try (ContainerFixture c = ContainerFixture.create()) {
            c.resources().putObject("cpu").put("cpus", "99");
            assertFailsCleanly(c, "^mini-container: step \\d+ write 99 to /sys/fs/cgroup/cpuset/mini-container/" + c.id()
                    + "/cpuset.cpus: ERANGE .* from /linux/resources/cpu/cpus");
        }
    }

    @Test
    void helperStepBeforeCloneFails() throws Exception {
        try (ContainerFixture c = ContainerFixture.create()) {
            // the runtime's own user namespace passes preflight (an nsfs file of that type), but setns refuses
            // to join the namespace the helper is already in (a wrong type is now refused by preflight)
            ((com.fasterxml.jackson.databind.node.ArrayNode) c.linux().get("namespaces")).addObject()
                    .put("type", "user").put("path", "/proc/self/ns/user");
            assertFailsCleanly(c, "^mini-container: step \\d+ setns user namespace /proc/self/ns/user: EINVAL .* from /linux/namespaces/\\d+/path");
        }
    }

    @Test
    void execOfAProgramThatCannotRun() throws Exception {
        try (ContainerFixture c = ContainerFixture.create()) {
            // exists and is executable (so preflight accepts it), but its interpreter is missing: execve says ENOENT
            Path gone = c.rootfs().resolve("bin/gone");
            Files.writeString(gone, "#!/nonexistent-interpreter\n");
            gone.toFile().setExecutable(true);
            c.args("/bin/gone");
            assertFailsCleanly(c, "^mini-container: step \\d+ execve /bin/gone: ENOENT .* from /process/args");
        }
    }

    @Test
    void cwdThatDoesNotExist() throws Exception {
        try (ContainerFixture c = ContainerFixture.create()) {
            c.process().put("cwd", "/does/not/exist");
            assertFailsCleanly(c, "^mini-container: step \\d+ chdir /does/not/exist: ENOENT .* from /process/cwd");
        }
    }

    @Test
    void rlimitAboveTheHostHardLimitIsCaughtBeforeAnythingRuns() throws Exception {
        try (ContainerFixture c = ContainerFixture.create()) {
            c.process().withArray("/rlimits").removeAll().addObject().put("type", "RLIMIT_NOFILE").put("soft", 1024).put("hard", 1_048_576);
            Result r = c.run();
            assertEquals(65, r.exitCode(), r.dump());
            assertTrue(r.stderr().contains("/process/rlimits/0/hard") && r.stderr().contains("CAP_SYS_RESOURCE"), r.dump());
            assertTrue(HostState.cgroupDirsNamed(c.id()).isEmpty(), "preflight failed: nothing may have been created");
            c.assertNothingLeft();
        }
    }

    @Test
    void rlimitAboveTheHardLimitPastPreflight() throws Exception {
        try (ContainerFixture c = ContainerFixture.create()) {
            // Plan in-process without the host preflight, so the helper's setrlimit itself meets the kernel's EPERM.
            c.process().withArray("/rlimits").removeAll().addObject().put("type", "RLIMIT_NOFILE").put("soft", 1024).put("hard", 1_048_576);
            c.writeConfig();
            Spec spec = SpecLoader.load(c.bundle().resolve("config.json")).spec();
            Plan plan = Planner.plan(spec, PlanRequest.forRun(c.id(), c.bundle().toString()), HostProbe.facts());
            Path out = c.scratch("out").resolve("stdio");
            Launch.Stdio stdio = new Launch.Stdio(Redirect.from(new File("/dev/null")), Redirect.to(out.toFile()), Redirect.to(out.toFile()));
            Path socketDir = Files.createDirectory(c.stateRoot().resolve(c.id()));
            RuntimeFailure failure;
            try (Launch launch = Launch.start(plan, socketDir, false, stdio, TraceSink.NONE)) {
                failure = assertThrows(RuntimeFailure.class, launch::awaitReadyOrExec);
                launch.cleanup();
            } finally {
                Files.deleteIfExists(socketDir);
            }
            assertTrue(Pattern.compile("^step \\d+ setrlimit RLIMIT_NOFILE soft=1024 hard=1048576: EPERM .* from /process/rlimits/0: "
                    + ".*20000.*CAP_SYS_RESOURCE").matcher(failure.getMessage()).find(), failure.getMessage());
            c.assertNothingLeft();
        }
    }

    @Test
    void aFailedContainerIsCleanedUpToo() throws Exception {
        try (ContainerFixture c = ContainerFixture.create()) {
            c.resources().putObject("pids").put("limit", 10);
            Result r = c.shell("exit 3").run();
            assertEquals(3, r.exitCode(), r.dump());
            c.assertNothingLeft();
        }
    }
}
