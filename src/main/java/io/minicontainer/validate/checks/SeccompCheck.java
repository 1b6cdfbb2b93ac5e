package io.minicontainer.validate.checks;

import io.minicontainer.spec.Spec;
import io.minicontainer.validate.DidYouMean;
import io.minicontainer.validate.SemanticCheck;
import java.util.List;
import java.util.Set;

/**
 * The profile is not enforced yet, but a typo in it should still fail now rather than on the day
 * it is enforced. Unknown architectures or flags are warnings: libseccomp adds them over time.
 */
public final class SeccompCheck implements SemanticCheck {
    static final List<String> ACTIONS = List.of("SCMP_ACT_KILL", "SCMP_ACT_KILL_PROCESS", "SCMP_ACT_KILL_THREAD",
            "SCMP_ACT_TRAP", "SCMP_ACT_ERRNO", "SCMP_ACT_TRACE", "SCMP_ACT_ALLOW", "SCMP_ACT_LOG", "SCMP_ACT_NOTIFY");
    static final List<String> OPS = List.of("SCMP_CMP_NE", "SCMP_CMP_LT", "SCMP_CMP_LE", "SCMP_CMP_EQ",
            "SCMP_CMP_GE", "SCMP_CMP_GT", "SCMP_CMP_MASKED_EQ");
    static final Set<String> ARCHES = Set.of("SCMP_ARCH_X86", "SCMP_ARCH_X86_64", "SCMP_ARCH_X32", "SCMP_ARCH_ARM",
            "SCMP_ARCH_AARCH64", "SCMP_ARCH_MIPS", "SCMP_ARCH_MIPS64", "SCMP_ARCH_MIPS64N32", "SCMP_ARCH_MIPSEL",
            "SCMP_ARCH_MIPSEL64", "SCMP_ARCH_MIPSEL64N32", "SCMP_ARCH_PPC", "SCMP_ARCH_PPC64", "SCMP_ARCH_PPC64LE",
            "SCMP_ARCH_S390", "SCMP_ARCH_S390X", "SCMP_ARCH_PARISC", "SCMP_ARCH_PARISC64", "SCMP_ARCH_RISCV64",
            "SCMP_ARCH_LOONGARCH64", "SCMP_ARCH_M68K", "SCMP_ARCH_SH", "SCMP_ARCH_SHEB");
    static final Set<String> FLAGS = Set.of("SECCOMP_FILTER_FLAG_TSYNC", "SECCOMP_FILTER_FLAG_LOG",
            "SECCOMP_FILTER_FLAG_SPEC_ALLOW", "SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV");

    @Override public String name() { return "seccomp"; }

    @Override
    public void check(Spec spec, Sink sink) {
        if (spec.linux() == null || spec.linux().seccomp() == null) return;
        Spec.Seccomp s = spec.linux().seccomp();
        String at = "/linux/seccomp";
        checkAction(at + "/defaultAction", s.defaultAction(), sink);
        List<String> arches = Support.orEmpty(s.architectures());
        for (int i = 0; i < arches.size(); i++) {
            if (arches.get(i) != null && !ARCHES.contains(arches.get(i))) {
                sink.warning(at + "/architectures/" + i, "unknown seccomp architecture \"" + arches.get(i) + "\"", null);
            }
        }
        List<String> flags = Support.orEmpty(s.flags());
        for (int i = 0; i < flags.size(); i++) {
            if (flags.get(i) != null && !FLAGS.contains(flags.get(i))) {
                sink.warning(at + "/flags/" + i, "unknown seccomp flag \"" + flags.get(i) + "\"", null);
            }
        }
        List<Spec.SyscallRule> rules = Support.orEmpty(s.syscalls());
        for (int i = 0; i < rules.size(); i++) {
            if (rules.get(i) != null) checkRule(at + "/syscalls/" + i, rules.get(i), sink);
        }
    }

    private static void checkRule(String at, Spec.SyscallRule r, Sink sink) {
        checkAction(at + "/action", r.action(), sink);
        List<String> names = r.names();
        if (names == null || names.isEmpty()) {
            sink.error(at + "/names", "seccomp rule has no syscall names", null);
        } else {
            for (int j = 0; j < names.size(); j++) {
                if (names.get(j) != null && names.get(j).isBlank()) {
                    sink.error(at + "/names/" + j, "empty syscall name", null);
                }
            }
        }
        List<Spec.SyscallArg> args = Support.orEmpty(r.args());
        for (int j = 0; j < args.size(); j++) {
            Spec.SyscallArg a = args.get(j);
            if (a == null) continue;
            if (a.index() < 0 || a.index() > 5) {
                sink.error(at + "/args/" + j + "/index", "syscall argument index " + a.index() + " is outside 0..5", null);
            }
            if (a.op() != null && !OPS.contains(a.op())) {
                sink.error(at + "/args/" + j + "/op", "unknown seccomp operator \"" + a.op() + "\"", suggest(a.op(), OPS));
            }
        }
    }

    private static void checkAction(String pointer, String action, Sink sink) {
        if (action == null || ACTIONS.contains(action)) return;
        sink.error(pointer, "unknown seccomp action \"" + action + "\"", suggest(action, ACTIONS));
    }

    private static String suggest(String value, List<String> known) {
        return DidYouMean.closest(value, known).map(s -> "did you mean " + s + "?").orElse(null);
    }
}
