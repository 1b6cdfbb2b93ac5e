package io.minicontainer.audit;

import io.minicontainer.plan.NativeStep;
import io.minicontainer.plan.Step;
import io.minicontainer.seccomp.Action;
import io.minicontainer.seccomp.Filter;

/** Rules about the syscall filter, read from the plan's compiled filter. */
final class SeccompRules {
    private SeccompRules() {}

    static final Rule NO_SECCOMP = new Rule("no-seccomp", Severity.MEDIUM,
            "No seccomp profile",
            "add linux.seccomp, e.g. podman's /usr/share/containers/seccomp.json",
            "Kubernetes Pod Security restricted (seccompProfile RuntimeDefault or Localhost); "
                    + "CIS Docker 5.21 (do not disable the default seccomp profile)",
            (s, out) -> {
                if (filter(s) == null) out.at("/linux/seccomp", "every syscall of the kernel is reachable (keyctl, bpf, userfaultfd, ...)");
            });

    static final Rule SECCOMP_DEFAULT_ALLOW = new Rule("seccomp-default-allow", Severity.MEDIUM,
            "The seccomp profile allows by default",
            "make defaultAction SCMP_ACT_ERRNO and list the syscalls to allow",
            "Kubernetes Pod Security restricted (Unconfined is not allowed); the runtime default profiles of Docker and podman deny by default",
            (s, out) -> {
                Filter f = filter(s);
                if (f != null && (f.defaultAction().kind() == Action.Kind.ALLOW || f.defaultAction().kind() == Action.Kind.LOG)) {
                    out.at("/linux/seccomp/defaultAction", "every syscall the profile does not name is allowed, new ones included");
                }
            });

    static Filter filter(Subject s) {
        for (Step step : s.plan().steps()) if (step instanceof NativeStep.Seccomp sc) return sc.filter();
        return null;
    }
}
