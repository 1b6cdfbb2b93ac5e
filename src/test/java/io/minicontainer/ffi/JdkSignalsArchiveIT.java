package io.minicontainer.ffi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minicontainer.testing.ContainerFixture;
import io.minicontainer.testing.LauncherJvm;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * `kill ID TERM` and `delete --force ID` (ProcessHandle, {@link JdkSignals}) take every class from the short verbs'
 * class-data archive, ProcessHandleImpl's two lambda proxies included, and spin no more than the one
 * {@code LambdaForm$MH} no JDK 17 archive can hold: {@code MethodHandles.constant}'s bound form for the JVM's first
 * non-capturing lambda (a GENERIC form, which InvokerBytecodeGenerator never looks up in the archived holder classes;
 * CDS skips hidden LambdaForm classes). Without the archive's {@code @lambda-proxy} and {@code @lambda-form-invoker}
 * lines `kill TERM` spun two proxies and six LambdaForms and cost 1.54x the empty JVM's CPU against 1.42x (31 A/B
 * pairs, load 4.9; docs/STARTUP.md, "lambdaforms"): this fails if the short workload stops covering these paths.
 * The JVM is started directly with the launcher's flags (the launcher turns -Xlog off).
 */
class JdkSignalsArchiveIT {
    @Test
    void killTermAndDeleteForceLoadOnlyArchivedClassesButJdk17sOneBoundForm() throws Exception {
        try (ContainerFixture f = ContainerFixture.create()) {
            // TERM ignored, so that delete --force still finds a process to SIGKILL (CgroupCleaner, then ContainerOps)
            f.args("sh", "-c", "trap '' TERM; exec sleep 600");
            ContainerFixture.Result created = f.cli(List.of("create", "--bundle", f.bundle().toString(), f.id()));
            assertEquals(0, created.exitCode(), created.dump());
            assertOnlyArchived("kill TERM", loaded(f, "kill", f.id(), "TERM"));
            assertOnlyArchived("delete --force", loaded(f, "delete", "--force", f.id()));
            f.assertNothingLeft();
        }
    }

    private static void assertOnlyArchived(String what, List<String> lines) {
        List<String> notArchived = new ArrayList<>();
        int boundForms = 0;
        boolean proxies = false;
        for (String line : lines) {
            if (line.contains("java.lang.ProcessHandleImpl$$Lambda$") && line.contains("source: shared objects file")) proxies = true;
            if (line.contains("source: shared objects file")) continue;
            if (line.contains(" java.lang.invoke.LambdaForm$MH/") && line.contains("__JVM_LookupDefineClass__") && boundForms++ == 0) continue;
            notArchived.add(line);
        }
        assertTrue(proxies, what + ": ProcessHandleImpl's lambda proxies from the archive (ran ProcessHandle?)");
        assertEquals(List.of(), notArchived, what + " loaded from outside the archive");
    }

    private static List<String> loaded(ContainerFixture f, String... args) throws Exception {
        return LauncherJvm.archivedClassLoads("mini-container-short.jsa", f, args);
    }
}
