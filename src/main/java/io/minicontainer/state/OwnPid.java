package io.minicontainer.state;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * This process's pid, as the lock file records it, read from the /proc/self link: ProcessHandle.current()
 * initialises ProcessHandleImpl (its reaper executor, made with lambdas and a method handle spun at run time),
 * and every locking verb wrote its pid. With ProcessHandle back, `delete --force` of a missing id (podman runs
 * it after every failed create) took 1.41x the empty JVM instead of 1.27x, +7 ms of CPU (31 A/B pairs).
 */
public final class OwnPid {
    private OwnPid() {}

    public static long get() {
        try {
            return Long.parseLong(Files.readSymbolicLink(Path.of("/proc/self")).toString());
        } catch (IOException | RuntimeException noProc) {
            return ProcessHandle.current().pid(); // no /proc, or one of a pid namespace we are not in
        }
    }
}
