package io.minicontainer.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minicontainer.testing.ContainerFixture;
import io.minicontainer.testing.ContainerFixture.Result;
import io.minicontainer.testing.HostState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** run's exit status, signal forwarding, and the container's own stdio. */
class ExitAndSignalsIT {
    @Test
    void exitsWithTheContainersCode() throws Exception {
        try (ContainerFixture c = ContainerFixture.create()) {
            Result r = c.shell("echo out; echo err >&2; exit 42").run();
            assertEquals(42, r.exitCode(), r.dump());
            assertEquals("out\n", r.stdout());
            assertEquals("err\n", r.stderr(), "a failing container is not a runtime error: nothing but its own stderr");
            c.assertNothingLeft();
        }
    }

    @Test
    void killedContainerGives128PlusSignal() throws Exception {
        try (ContainerFixture c = ContainerFixture.create()) {
            String procs = "/sys/fs/cgroup/pids/mini-container/" + c.id() + "/cgroup.procs";
            Result r = c.runPaused("true", "sleep 30", launcher -> {
                // SIGKILL from the host: the only signal PID 1 of a namespace cannot ignore without a handler
                HostState.sh("kill -KILL $(head -n1 " + procs + ")");
            });
            assertEquals(128 + 9, r.exitCode(), r.dump());
            assertFalse(r.stderr().contains("OOM"), "a plain kill is not an OOM kill\n" + r.dump());
            c.assertNothingLeft();
        }
    }

    @ParameterizedTest
    @CsvSource({"INT, 2", "TERM, 15", "HUP, 1"})
    void signalsToRunAreForwarded(String name, int number) throws Exception {
        try (ContainerFixture c = ContainerFixture.create()) {
            Path shared = c.scratch("shared");
            c.mount("/shared", "bind", shared.toString(), "bind");
            StringBuilder traps = new StringBuilder();
            for (String s : new String[] {"INT", "TERM", "HUP"}) {
                traps.append("trap 'echo ").append(s).append(" > /shared/got; exit 7' ").append(s).append("; ");
            }
            c.shell(traps + "touch /shared/ready; while :; do sleep 0.05; done");
            Process p = c.start(List.of("run", "--id", c.id(), c.bundle().toString()));
            ContainerFixture.awaitFile(shared.resolve("ready"), p);
            HostState.sh("kill -" + name + " " + p.pid()); // p is the runtime the caller waits on: mc-supervisor (launcher), or the JVM
            Result r = c.result(p);
            assertEquals(7, r.exitCode(), "the container's trap decides the exit code\n" + r.dump());
            assertEquals(name, Files.readString(shared.resolve("got")).trim(), "signal " + number + " must reach the container");
            c.assertNothingLeft();
        }
    }

    @Test
    void stdioIsTheContainersOwn() throws Exception {
        try (ContainerFixture c = ContainerFixture.create()) {
            Path input = c.scratch("in").resolve("input.txt");
            Files.writeString(input, "hello from a file\n");
            c.stdin(input);
            Result r = c.shell("cat; for i in 0 1 2; do echo fd$i=$(readlink /proc/$$/fd/$i); done").run();
            assertEquals(0, r.exitCode(), r.dump());
            assertTrue(r.stdout().startsWith("hello from a file\n"), r.dump());
            // the launcher's files themselves, not pipes or sockets the JVM would have to pump
            assertTrue(r.value("fd0").endsWith("input.txt"), r.dump());
            assertTrue(r.value("fd1").endsWith("/stdout"), r.dump());
            assertTrue(r.value("fd2").endsWith("/stderr"), r.dump());
        }
    }
}
