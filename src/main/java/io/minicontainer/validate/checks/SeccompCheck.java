package io.minicontainer.validate.checks;

import io.minicontainer.seccomp.Action;
import io.minicontainer.seccomp.Arch;
import io.minicontainer.seccomp.NotifyRules;
import io.minicontainer.seccomp.Operator;
import io.minicontainer.seccomp.SeccompCompiler;
import io.minicontainer.seccomp.SeccompException;
import io.minicontainer.spec.Spec;
import io.minicontainer.validate.core.DidYouMean;
import io.minicontainer.validate.core.SemanticCheck;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The profile is compiled to BPF and enforced (io.minicontainer.seccomp); this check names what the
 * compiler would refuse, with the value's position, and warns about what it would skip. Names,
 * actions and operators come from the compiler's own tables (syscall names: generated from the
 * kernel headers). Architectures of other CPUs are warnings: they can never match on this kernel.
 */
public final class SeccompCheck implements SemanticCheck {
    static final List<String> ACTIONS = Action.NAMES;
    static final List<String> OPS = Operator.scmpNames();
    /** libseccomp's architecture names; the filter covers the x86 family, the others never occur here. */
    static final Set<String> ARCHES = Set.of("SCMP_ARCH_X86", "SCMP_ARCH_X86_64", "SCMP_ARCH_X32", "SCMP_ARCH_ARM",
            "SCMP_ARCH_AARCH64", "SCMP_ARCH_MIPS", "SCMP_ARCH_MIPS64", "SCMP_ARCH_MIPS64N32", "SCMP_ARCH_MIPSEL",
            "SCMP_ARCH_MIPSEL64", "SCMP_ARCH_MIPSEL64N32", "SCMP_ARCH_PPC", "SCMP_ARCH_PPC64", "SCMP_ARCH_PPC64LE",
            "SCMP_ARCH_S390", "SCMP_ARCH_S390X", "SCMP_ARCH_PARISC", "SCMP_ARCH_PARISC64", "SCMP_ARCH_RISCV64",
            "SCMP_ARCH_LOONGARCH64", "SCMP_ARCH_M68K", "SCMP_ARCH_SH", "SCMP_ARCH_SHEB");

    @Override public String name() { return "seccomp"; }

    @Override
    public void check(Spec spec, Sink sink) {
        if (spec.linux() == null || spec.linux().seccomp() == null) return;
        Spec.Seccomp s = spec.linux().seccomp();
        String at = SeccompCompiler.AT;
        checkAction(at + "/defaultAction", s.defaultAction(), s.defaultErrnoRet(), at + "/defaultErrnoRet", sink);
        List<String> arches = Support.orEmpty(s.architectures());
        for (int i = 0; i < arches.size(); i++) {
            String a = arches.get(i);
            if (a == null || Arch.byScmpName(a).isPresent()) continue;
            if (ARCHES.contains(a)) {
                sink.warning(at + "/architectures/" + i, "seccomp architecture " + a + " never runs on this x86-64 kernel; the filter ignores it", null);
            } else {
                // runc refuses it too ("not a valid arch for seccomp"): a typo here would silently drop a filter arch
                sink.error(at + "/architectures/" + i, "unknown seccomp architecture \"" + a + "\"", suggest(a, new ArrayList<>(ARCHES)));
            }
        }
        List<String> flags = Support.orEmpty(s.flags());
        List<String> knownFlags = new ArrayList<>(SeccompCompiler.FLAGS.keySet());
        for (int i = 0; i < flags.size(); i++) {
            if (flags.get(i) != null && !SeccompCompiler.FLAGS.containsKey(flags.get(i))) {
                sink.error(at + "/flags/" + i, "unknown seccomp flag \"" + flags.get(i) + "\"", suggest(flags.get(i), knownFlags));
            }
        }
        List<Spec.SyscallRule> rules = Support.orEmpty(s.syscalls());
        for (int i = 0; i < rules.size(); i++) {
            if (rules.get(i) != null) checkRule(at + "/syscalls/" + i, rules.get(i), sink);
        }
        for (SeccompException e : NotifyRules.problems(s)) sink.error(e.pointer(), e.getMessage(), e.hint());
        if (s.listenerPath() != null && !s.listenerPath().isEmpty() && !NotifyRules.usesNotify(s)) {
            sink.warning(at + "/listenerPath", "no rule uses SCMP_ACT_NOTIFY: listenerPath is ignored", null);
        }
    }

    private static void checkRule(String at, Spec.SyscallRule r, Sink sink) {
        checkAction(at + "/action", r.action(), r.errnoRet(), at + "/errnoRet", sink);
        List<String> names = r.names();
        if (names == null || names.isEmpty()) {
            sink.error(at + "/names", "seccomp rule has no syscall names", null);
        } else {
            for (int j = 0; j < names.size(); j++) {
                String name = names.get(j);
                if (name == null) continue;
                if (name.isBlank()) sink.error(at + "/names/" + j, "empty syscall name", null);
            }
        }
        List<Spec.SyscallArg> args = Support.orEmpty(r.args());
        int seen = 0;
        for (int j = 0; j < args.size(); j++) {
            Spec.SyscallArg a = args.get(j);
            if (a == null) continue;
            if (a.index() < 0 || a.index() > 5) {
                sink.error(at + "/args/" + j + "/index", "syscall argument index " + a.index() + " is outside 0..5", null);
            } else if ((seen & (1 << a.index())) != 0) {
                sink.warning(at + "/args/" + j + "/index", "argument " + a.index() + " is compared twice in one rule: runc, and so "
                        + "mini-container, make each condition a rule of its own (OR, not AND)", "write one rule per alternative");
            } else {
                seen |= 1 << a.index();
            }
            if (a.op() != null && !OPS.contains(a.op())) {
                sink.error(at + "/args/" + j + "/op", "unknown seccomp operator \"" + a.op() + "\"", suggest(a.op(), OPS));
            }
        }
    }

    private static void checkAction(String pointer, String action, Integer errnoRet, String errnoPointer, Sink sink) {
        if (action == null) return;
        if (!ACTIONS.contains(action)) {
            sink.error(pointer, "unknown seccomp action \"" + action + "\"", suggest(action, ACTIONS));
        }
        if (errnoRet != null && (errnoRet < 0 || errnoRet > Action.MAX_ERRNO)) {
            sink.error(errnoPointer, "errno " + errnoRet + " is outside 0.." + Action.MAX_ERRNO, null);
        }
    }

    private static String suggest(String value, List<String> known) {
        return DidYouMean.closest(value, known).map(s -> "did you mean " + s + "?").orElse(null);
    }
}
