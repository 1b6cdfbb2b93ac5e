package io.minicontainer.plan;

import io.minicontainer.seccomp.SeccompCompiler;
import io.minicontainer.seccomp.SeccompException;
import io.minicontainer.spec.Spec;
import java.util.List;

/** linux.seccomp → one SECCOMP step carrying the compiled filter; a profile that cannot be compiled stops the plan. */
final class SeccompSteps {
    private SeccompSteps() {}

    static void add(Spec spec, List<Step> steps) {
        Spec.Seccomp profile = spec.linux() == null ? null : spec.linux().seccomp();
        if (profile == null) return;
        try {
            steps.add(new NativeStep.Seccomp(SeccompCompiler.compile(profile), List.of(SeccompCompiler.AT)));
        } catch (SeccompException e) {
            throw new PlanException(e.pointer(), e.getMessage(), e.hint());
        }
    }
}
