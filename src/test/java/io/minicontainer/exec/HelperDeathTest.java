package io.minicontainer.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minicontainer.plan.NativeStep;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** run mode: a container never outlives a SIGKILLed helper (parent-death signal, re-armed before execve). */
class HelperDeathTest {
    @Test
    void killingTheHelperKillsTheForegroundContainer(@TempDir Path tmp) throws Exception {
        byte[] plan = StepEncoder.encodeInOrder(List.of(
                new NativeStep.Clone(0, "", 0, List.of()),
                new NativeStep.SetUid(65534, List.of()), // a credential change clears the signal: it must be re-armed
                new NativeStep.Exec(List.of("sleep", "30"), List.of(), List.of("/bin/sleep"), List.of())), 0);
        HelperSession s = HelperSession.builder(tmp.resolve("sock")).stdin(Redirect.INHERIT).stdout(Redirect.DISCARD).start(plan);
        int pid;
        try {
            pid = s.next().pid();
            assertEquals(Report.Type.EXECED, s.next().type());
            ProcessHandle.of(s.helperPid()).ifPresent(ProcessHandle::destroyForcibly);
            s.waitFor();
        } finally {
            s.close();
        }
        Path proc = Path.of("/proc/" + pid);
        for (int i = 0; i < 100 && alive(proc); i++) Thread.sleep(20);
        assertTrue(!alive(proc), "the container is still running after its helper was killed");
    }

    /** Gone, or a zombie of a PID 1 that never reaps (as on this project's machines). */
    private static boolean alive(Path proc) throws Exception {
        if (!Files.exists(proc)) return false;
        try {
            String stat = Files.readString(proc.resolve("stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
        } catch (java.io.IOException gone) {
            return false;
        }
    }
}
