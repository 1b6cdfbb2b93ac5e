package io.minicontainer.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minicontainer.plan.NativeStep;
import io.minicontainer.spec.CapabilityNames;
import java.util.List;
import org.junit.jupiter.api.Test;

class StepFailureTest {
    private static final String THIS_HOST = "000001fffeffffff"; // every cap but CAP_SYS_RESOURCE (24)

    @Test
    void capsetEpermNamesTheCapabilityTheHostLacks() {
        long asked = CapabilityNames.mask(List.of("CAP_KILL", "CAP_SYS_RESOURCE"));
        String hint = StepFailure.capsetHint(new NativeStep.SetCapabilities(asked, asked, 0, List.of()), THIS_HOST);
        assertTrue(hint.contains("lacks CAP_SYS_RESOURCE"), hint);
        assertTrue(!hint.contains("CAP_KILL"), hint);
    }

    @Test
    void capsetEpermWithinTheBoundingSetDoesNotBlameCapSysResource() {
        long kill = CapabilityNames.mask(List.of("CAP_KILL"));
        String hint = StepFailure.capsetHint(new NativeStep.SetCapabilities(kill, 0, kill, List.of()), THIS_HOST);
        assertTrue(hint.contains("within permitted"), hint);
        assertEquals(-1, hint.indexOf("CAP_SYS_RESOURCE"), hint);
    }

    /** The agent's socket refused the helper: said why that happens (exec from a user namespace) and what helps. */
    @Test
    void aListenerRefusedWithEaccesIsExplained() throws Exception {
        io.minicontainer.spec.Spec.Seccomp profile = new io.minicontainer.spec.Spec.Seccomp("SCMP_ACT_ALLOW", null, null, null,
                List.of(new io.minicontainer.spec.Spec.SyscallRule(List.of("mkdir"), "SCMP_ACT_NOTIFY", null, null)), "/run/a.sock", null);
        NativeStep step = new NativeStep.Seccomp(io.minicontainer.seccomp.SeccompCompiler.compile(profile),
                new NativeStep.Listener("/run/a.sock", 10, List.of("{", "}")), List.of());
        String hint = StepFailure.hint(step, Errno.EACCES);
        assertTrue(hint.startsWith("the helper may not connect to /run/a.sock") && hint.contains("user namespace"), hint);
    }
}
