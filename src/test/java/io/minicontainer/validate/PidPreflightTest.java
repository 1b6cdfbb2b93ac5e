package io.minicontainer.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.minicontainer.spec.LoadedSpec;
import io.minicontainer.spec.SpecLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pid annotation against a fake /proc: below pid_max, not in use. */
class PidPreflightTest {
    @TempDir
    Path proc;

    static LoadedSpec withPid(String pid) {
        return SpecLoader.parse("config.json", "{\"ociVersion\": \"1.0.2\",\n \"annotations\": {\"run.mini-container.pid\": \""
                + pid + "\"}}");
    }

    List<String> messages(String pid) {
        return PidPreflight.check(withPid(pid), proc).stream().map(d -> d.line() + " " + d.message() + " (" + d.hint() + ")").toList();
    }

    @Test
    void aFreePidBelowPidMaxPasses() throws Exception {
        Files.createDirectories(proc.resolve("sys/kernel"));
        Files.writeString(proc.resolve("sys/kernel/pid_max"), "32768\n");
        assertEquals(List.of(), messages("32767"));
        assertEquals(List.of(), PidPreflight.check(SpecLoader.parse("c", "{}"), proc), "no annotation, nothing to check");
    }

    @Test
    void aPidAtOrAbovePidMaxOrInUseFails() throws Exception {
        Files.createDirectories(proc.resolve("sys/kernel"));
        Files.writeString(proc.resolve("sys/kernel/pid_max"), "32768\n");
        Files.createDirectories(proc.resolve("77"));
        Files.writeString(proc.resolve("77/comm"), "sshd\n");
        assertEquals(List.of("2 pid 32768 is not below this host's pid_max (32768) (pick a pid below 32768, or raise kernel.pid_max)"),
                messages("32768"));
        assertEquals(List.of("2 pid 77 is already in use on the host (by sshd) (pick a free pid: one not listed in /proc)"),
                messages("77"));
    }
}
