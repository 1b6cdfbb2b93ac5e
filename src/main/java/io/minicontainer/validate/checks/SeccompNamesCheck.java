package io.minicontainer.validate.checks;

import io.minicontainer.seccomp.SyscallTable;
import io.minicontainer.spec.Spec;
import io.minicontainer.validate.core.DidYouMean;
import io.minicontainer.validate.core.SemanticCheck;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Syscall names unknown on every architecture the filter covers (x86_64, x86, x32; tables generated
 * from the kernel headers): a warning with did-you-mean, since the compiler skips them as libseccomp
 * does. Real profiles list names of other CPUs (podman's has pciconfig_read, swapcontext, ...), so
 * `run` and `create` do not repeat these warnings on every start; `validate` and `plan` show them.
 */
public final class SeccompNamesCheck implements SemanticCheck {
    public static final String NAME = "seccomp-names";

    @Override public String name() { return NAME; }

    /** Only names with the same first letter: ~40 candidates instead of ~1,150 keeps a cold `run` fast. */
    private static List<String> sameInitial(String name) {
        List<String> out = new ArrayList<>();
        char first = Character.toLowerCase(name.charAt(0));
        for (String n : SyscallTable.allNames()) if (n.charAt(0) == first) out.add(n);
        return out;
    }

    @Override
    public void check(Spec spec, Sink sink) {
        if (spec.linux() == null || spec.linux().seccomp() == null) return;
        List<Spec.SyscallRule> rules = Support.orEmpty(spec.linux().seccomp().syscalls());
        for (int i = 0; i < rules.size(); i++) {
            if (rules.get(i) == null) continue;
            List<String> names = Support.orEmpty(rules.get(i).names());
            for (int j = 0; j < names.size(); j++) {
                String name = names.get(j);
                if (name == null || name.isBlank() || SyscallTable.knownAnywhere(name)) continue;
                // no Optional.map(lambda): podman's profile names such syscalls on every create
                Optional<String> near = DidYouMean.closest(name, sameInitial(name));
                sink.warning("/linux/seccomp/syscalls/" + i + "/names/" + j,
                        "syscall \"" + name + "\" is unknown on x86_64, x86 and x32; the rule skips it",
                        near.isPresent() ? "did you mean " + near.get() + "?" : null);
            }
        }
    }
}
