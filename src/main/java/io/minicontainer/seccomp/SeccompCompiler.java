package io.minicontainer.seccomp;

import io.minicontainer.seccomp.Filter.Condition;
import io.minicontainer.seccomp.Filter.Decision;
import io.minicontainer.seccomp.Filter.Rule;
import io.minicontainer.spec.Spec;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * OCI {@code linux.seccomp} → classic BPF, with runc's (libseccomp's) semantics. Pure: no I/O.
 * Written without lambdas: it runs once per cold `run`, where each new lambda costs a bootstrap.
 * <ul>
 *   <li>Per syscall: its conditional rules in profile order (conditions ANDed), then its
 *       unconditional rule, then the default action. Rules whose action is the default are
 *       dropped, as runc does; a rule naming one argument twice becomes one rule per condition
 *       (ORed), as runc does.</li>
 *   <li>The native x86-64 plus the listed x86 and x32; any other audit arch, and x32 numbers when
 *       x32 is not listed, get KILL_PROCESS. Names unknown on an arch are skipped there.</li>
 *   <li>Numbers above the highest one the profile names get ENOSYS, as runc's stub does
 *       (see {@link #enosysAbove}).</li>
 *   <li>Syscall numbers are dispatched by a binary search over ranges of equal outcome.</li>
 * </ul>
 */
public final class SeccompCompiler {
    public static final int MAX_INSTRUCTIONS = 4096;
    public static final String AT = "/linux/seccomp";
    private static final int OFF_NR = 0, OFF_ARCH = 4, OFF_ARGS = 16;

    /** SECCOMP_FILTER_FLAG_* (linux/seccomp.h); NEW_LISTENER and TSYNC_ESRCH are the runtime's, not the profile's. */
    public static final Map<String, Integer> FLAGS = Map.of(
            "SECCOMP_FILTER_FLAG_TSYNC", 1, "SECCOMP_FILTER_FLAG_LOG", 2,
            "SECCOMP_FILTER_FLAG_SPEC_ALLOW", 4, "SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV", 32);

    private static final int WAIT_KILLABLE_RECV = 32;
    private static final Action ENOSYS = new Action(Action.Kind.ERRNO, 38);

    private SeccompCompiler() {}

    /** The action names a profile may use here: all of them (NOTIFY with a listenerPath, see {@link NotifyRules}). */
    public static List<String> supportedActions() {
        return new ArrayList<>(Action.NAMES);
    }

    public static Filter compile(Spec.Seccomp profile) {
        List<SeccompException> notifyProblems = NotifyRules.problems(profile);
        if (!notifyProblems.isEmpty()) throw notifyProblems.get(0);
        Action defaultAction = action(AT + "/defaultAction", profile.defaultAction(), profile.defaultErrnoRet());
        boolean notify = NotifyRules.usesNotify(profile);
        List<String> flagNames = new ArrayList<>();
        long flags = flags(orEmpty(profile.flags()), notify, flagNames);
        Set<Arch> arches = EnumSet.of(Arch.NATIVE);
        List<String> ignored = new ArrayList<>();
        for (String name : orEmpty(profile.architectures())) {
            Arch arch = Arch.byScmpName(name).orElse(null);
            if (arch != null) arches.add(arch);
            else ignored.add(name);
        }
        Map<Arch, Slots> slots = new LinkedHashMap<>();
        for (Arch a : arches) slots.put(a, new Slots(a));
        Arch[] listed = arches.toArray(new Arch[0]);

        List<Spec.SyscallRule> rules = orEmpty(profile.syscalls());
        for (int i = 0; i < rules.size(); i++) {
            Spec.SyscallRule r = rules.get(i);
            if (r == null) continue;
            String at = AT + "/syscalls/" + i;
            Action action = action(at + "/action", r.action(), r.errnoRet());
            if (action.equals(defaultAction)) continue;
            List<List<Condition>> alternatives = alternatives(at, orEmpty(r.args()));
            for (String name : orEmpty(r.names())) {
                int[] nrs = name == null ? null : SyscallTable.numbers(name);
                if (nrs == null) continue;
                for (Arch a : listed) {
                    int nr = nrs[a.ordinal()];
                    if (nr < 0) continue;
                    Slot slot = slots.get(a).at(nr, name);
                    for (List<Condition> all : alternatives) slot.add(all, action);
                }
            }
        }
        Map<Arch, Integer> enosysAbove = enosysAbove(profile, defaultAction);
        byte[] program = emit(slots, defaultAction, enosysAbove);
        if (program.length / 8 > MAX_INSTRUCTIONS) {
            throw new SeccompException(AT, "the seccomp filter needs " + program.length / 8 + " BPF instructions, more than the kernel's "
                    + MAX_INSTRUCTIONS, "split conditions into fewer rules");
        }
        List<Decision> decisions = new ArrayList<>();
        Map<String, Integer> counts = new TreeMap<>();
        Slots nativeSlots = slots.get(Arch.NATIVE);
        for (int k = 0; k < nativeSlots.byIndex.length; k++) {
            Slot slot = nativeSlots.byIndex[k];
            if (slot == null) continue;
            decisions.add(new Decision(slot.name, nativeSlots.base + k, List.copyOf(slot.conditional), slot.otherwise(defaultAction)));
            String key = slot.conditional.isEmpty() ? slot.otherwise(defaultAction).lower() : "conditional";
            Integer count = counts.get(key);
            counts.put(key, count == null ? 1 : count + 1);
        }
        return new Filter(program, flags, List.copyOf(flagNames), defaultAction, List.copyOf(arches), List.copyOf(ignored),
                List.copyOf(decisions), counts, enosysAbove);
    }

    /**
     * One arch's slots by syscall number (less the arch's base), walked in ascending order as a TreeMap would be:
     * an array, not a TreeMap of boxed numbers, which took a cold `create` of podman's config (~370 names, three
     * arches) a few ms of interpreted puts and gets (see {@link SyscallTable}'s figure).
     */
    private static final class Slots {
        final int base;
        final Slot[] byIndex;

        Slots(Arch arch) {
            base = SyscallTable.base(arch);
            byIndex = new Slot[SyscallTable.maxIndex(arch) + 1];
        }

        /** The slot of {@code nr} (a number of this arch's table), made for {@code name} if it has none yet. */
        Slot at(int nr, String name) {
            Slot slot = byIndex[nr - base];
            if (slot == null) byIndex[nr - base] = slot = new Slot(name);
            return slot;
        }
    }

    /** What one syscall number gets on one arch. */
    private static final class Slot {
        final String name;
        final List<Rule> conditional = new ArrayList<>();
        Action unconditional;

        Slot(String name) { this.name = name; }

        void add(List<Condition> all, Action action) {
            if (!all.isEmpty()) conditional.add(new Rule(all, action));
            else if (unconditional == null) unconditional = action;
        }

        Action otherwise(Action defaultAction) { return unconditional == null ? defaultAction : unconditional; }

        /** The same outcome for every argument value: one range of the search can cover it. */
        boolean simple() { return conditional.isEmpty(); }
    }

    // ---- profile values ----

    private static Action action(String pointer, String name, Integer errnoRet) {
        try {
            return Action.parse(name, errnoRet);
        } catch (IllegalArgumentException e) {
            throw new SeccompException(pointer, e.getMessage(), null);
        }
    }

    /** The profile's flags; with a notify rule also NEW_LISTENER (and TSYNC_ESRCH with TSYNC: the kernel wants both or neither). */
    private static long flags(List<String> names, boolean notify, List<String> out) {
        long flags = 0;
        for (int i = 0; i < names.size(); i++) {
            Integer bit = FLAGS.get(names.get(i));
            if (bit == null) {
                throw new SeccompException(AT + "/flags/" + i, "unknown seccomp flag \"" + names.get(i) + "\"",
                        "known: " + String.join(", ", new java.util.TreeSet<>(FLAGS.keySet())));
            }
            String shortName = names.get(i).substring("SECCOMP_FILTER_FLAG_".length()).toLowerCase(java.util.Locale.ROOT);
            if (bit == WAIT_KILLABLE_RECV && !notify) {
                // The kernel refuses it (EINVAL) without NEW_LISTENER; like libseccomp, pass it only with a notify filter.
                shortName += " (no notify rule: not passed)";
                bit = 0;
            }
            if (!out.contains(shortName)) out.add(shortName);
            flags |= bit;
        }
        if (notify) {
            flags |= NotifyRules.NEW_LISTENER;
            out.add("new_listener");
            if ((flags & 1) != 0) {
                flags |= NotifyRules.TSYNC_ESRCH;
                out.add("tsync_esrch");
            }
        }
        return flags;
    }

    /** The rule's conditions as alternatives: one AND list, or (runc) one per condition when an argument repeats. */
    private static List<List<Condition>> alternatives(String at, List<Spec.SyscallArg> args) {
        List<Condition> all = new ArrayList<>();
        boolean repeats = false;
        int seen = 0;
        for (int j = 0; j < args.size(); j++) {
            Spec.SyscallArg a = args.get(j);
            if (a == null) continue;
            if (a.index() < 0 || a.index() > 5) {
                throw new SeccompException(at + "/args/" + j + "/index", "syscall argument index " + a.index() + " is outside 0..5", null);
            }
            Operator op = Operator.byScmpName(a.op()).orElse(null);
            if (op == null) throw new SeccompException(at + "/args/" + j + "/op", "unknown seccomp operator \"" + a.op() + "\"", null);
            repeats |= (seen & (1 << a.index())) != 0;
            seen |= 1 << a.index();
            all.add(new Condition(a.index(), op, a.value(), a.valueTwo() == null ? 0 : a.valueTwo()));
        }
        if (!repeats) return List.of(List.copyOf(all));
        List<List<Condition>> each = new ArrayList<>();
        for (Condition c : all) each.add(List.of(c));
        return each;
    }

    /**
     * runc's -ENOSYS rule: unless the default action lets calls through (ALLOW, LOG, TRACE), a syscall
     * numbered above every name in the profile is newer than the profile and gets ENOSYS, so libc falls
     * back (clone3 → clone) instead of failing with the default errno. Per architecture listed in
     * {@code architectures} only, over the names of every rule, as runc computes it.
     */
    private static Map<Arch, Integer> enosysAbove(Spec.Seccomp profile, Action defaultAction) {
        Map<Arch, Integer> out = new java.util.EnumMap<>(Arch.class);
        Action.Kind k = defaultAction.kind();
        if (k == Action.Kind.ALLOW || k == Action.Kind.LOG || k == Action.Kind.TRACE) return out;
        for (String archName : orEmpty(profile.architectures())) {
            Arch arch = Arch.byScmpName(archName).orElse(null);
            if (arch == null || out.containsKey(arch)) continue;
            int max = 0;
            for (Spec.SyscallRule r : orEmpty(profile.syscalls())) {
                if (r == null) continue;
                for (String name : orEmpty(r.names())) {
                    int[] nrs = name == null ? null : SyscallTable.numbers(name);
                    int nr = nrs == null ? -1 : nrs[arch.ordinal()];
                    if (nr >= 0 && Integer.compareUnsigned(nr, max) > 0) max = nr;
                }
            }
            if (max != 0) out.put(arch, max);
        }
        return out;
    }

    // ---- code generation, from the end of the program to its start ----

    private static byte[] emit(Map<Arch, Slots> slots, Action defaultAction, Map<Arch, Integer> enosysAbove) {
        BpfBuilder b = new BpfBuilder();
        int badArch = b.ret(Action.KILL_PROCESS.ret());
        int next = badArch;
        if (slots.containsKey(Arch.X86)) {
            int section = b.stmt(BpfBuilder.LD_W_ABS, OFF_NR, search(b, Arch.X86, slots.get(Arch.X86), defaultAction, enosysAbove.get(Arch.X86)));
            next = b.jump(BpfBuilder.JEQ_K, Arch.X86.auditArch, section, next); // A still holds the arch
        }
        // x86-64 and x32 share an audit arch; the x32 bit in the number tells them apart.
        int x32 = slots.containsKey(Arch.X32) ? search(b, Arch.X32, slots.get(Arch.X32), defaultAction, enosysAbove.get(Arch.X32)) : b.ret(Action.KILL_PROCESS.ret());
        int native64 = search(b, Arch.X86_64, slots.get(Arch.X86_64), defaultAction, enosysAbove.get(Arch.X86_64));
        int split = b.jump(BpfBuilder.JGE_K, Arch.X32_SYSCALL_BIT, x32, native64);
        int section = b.stmt(BpfBuilder.LD_W_ABS, OFF_NR, split);
        int dispatch = b.jump(BpfBuilder.JEQ_K, Arch.X86_64.auditArch, section, next);
        int entry = b.stmt(BpfBuilder.LD_W_ABS, OFF_ARCH, dispatch);
        return b.toBytes(entry);
    }

    /** Binary search over [start, next start) ranges of equal outcome; A holds the syscall number. */
    private static int search(BpfBuilder b, Arch arch, Slots byNr, Action defaultAction, Integer enosysAbove) {
        List<Long> starts = new ArrayList<>();
        List<Object> outcomes = new ArrayList<>(); // Action, or Slot when arguments decide
        long lowest = SyscallTable.base(arch);
        starts.add(lowest);
        outcomes.add(defaultAction);
        for (int k = 0; k < byNr.byIndex.length; k++) {
            Slot slot = byNr.byIndex[k];
            if (slot == null) continue;
            long nr = (byNr.base + k) & 0xffffffffL;
            Object outcome = slot.simple() ? slot.otherwise(defaultAction) : slot;
            addRange(starts, outcomes, nr, outcome);
            addRange(starts, outcomes, nr + 1, defaultAction);
        }
        if (enosysAbove != null) addRange(starts, outcomes, (enosysAbove & 0xffffffffL) + 1, ENOSYS);
        return node(b, arch, starts, outcomes, 0, starts.size() - 1, defaultAction);
    }

    private static void addRange(List<Long> starts, List<Object> outcomes, long start, Object outcome) {
        int last = starts.size() - 1;
        if (starts.get(last) == start) {
            outcomes.set(last, outcome);
            if (last > 0 && sameOutcome(outcomes.get(last - 1), outcome)) {
                starts.remove(last);
                outcomes.remove(last);
            }
        } else if (!sameOutcome(outcomes.get(last), outcome)) {
            starts.add(start);
            outcomes.add(outcome);
        }
    }

    private static boolean sameOutcome(Object a, Object b) {
        return a instanceof Action && a.equals(b);
    }

    private static int node(BpfBuilder b, Arch arch, List<Long> starts, List<Object> outcomes, int lo, int hi, Action defaultAction) {
        if (lo == hi) return outcome(b, arch, outcomes.get(lo), defaultAction);
        int mid = (lo + hi + 1) >>> 1;
        int right = node(b, arch, starts, outcomes, mid, hi, defaultAction);
        int left = node(b, arch, starts, outcomes, lo, mid - 1, defaultAction);
        return b.jump(BpfBuilder.JGE_K, (int) (long) starts.get(mid), right, left);
    }

    private static int outcome(BpfBuilder b, Arch arch, Object outcome, Action defaultAction) {
        if (outcome instanceof Action a) return b.ret(a.ret());
        Slot slot = (Slot) outcome;
        int next = b.ret(slot.otherwise(defaultAction).ret());
        for (int i = slot.conditional.size() - 1; i >= 0; i--) {
            Rule r = slot.conditional.get(i);
            int target = b.ret(r.action().ret());
            for (int c = r.conditions().size() - 1; c >= 0; c--) target = condition(b, arch, r.conditions().get(c), target, next);
            next = target;
        }
        return next;
    }

    /** One argument comparison: unsigned 64-bit on two 32-bit halves (only the low half on 32-bit arches). */
    private static int condition(BpfBuilder b, Arch arch, Condition c, int ifTrue, int ifFalse) {
        int lo = OFF_ARGS + 8 * c.index();
        int hi = lo + 4;
        boolean wide = arch.wideArgs;
        int vLo = (int) c.value(), vHi = (int) (c.value() >>> 32);
        return switch (c.op()) {
            case EQ -> equal(b, wide, lo, hi, vLo, vHi, ifTrue, ifFalse);
            case NE -> equal(b, wide, lo, hi, vLo, vHi, ifFalse, ifTrue);
            case GT -> greater(b, wide, BpfBuilder.JGT_K, lo, hi, vLo, vHi, ifTrue, ifFalse);
            case GE -> greater(b, wide, BpfBuilder.JGE_K, lo, hi, vLo, vHi, ifTrue, ifFalse);
            case LE -> greater(b, wide, BpfBuilder.JGT_K, lo, hi, vLo, vHi, ifFalse, ifTrue);
            case LT -> greater(b, wide, BpfBuilder.JGE_K, lo, hi, vLo, vHi, ifFalse, ifTrue);
            case MASKED_EQ -> {
                int dLo = (int) c.valueTwo(), dHi = (int) (c.valueTwo() >>> 32);
                int low = b.stmt(BpfBuilder.LD_W_ABS, lo, b.stmt(BpfBuilder.ALU_AND_K, vLo, b.jump(BpfBuilder.JEQ_K, dLo, ifTrue, ifFalse)));
                if (!wide) yield low;
                yield b.stmt(BpfBuilder.LD_W_ABS, hi, b.stmt(BpfBuilder.ALU_AND_K, vHi, b.jump(BpfBuilder.JEQ_K, dHi, low, ifFalse)));
            }
        };
    }

    private static int equal(BpfBuilder b, boolean wide, int lo, int hi, int vLo, int vHi, int ifTrue, int ifFalse) {
        int low = b.stmt(BpfBuilder.LD_W_ABS, lo, b.jump(BpfBuilder.JEQ_K, vLo, ifTrue, ifFalse));
        if (!wide) return low;
        return b.stmt(BpfBuilder.LD_W_ABS, hi, b.jump(BpfBuilder.JEQ_K, vHi, low, ifFalse));
    }

    /** A &gt; v (JGT) or A &gt;= v (JGE) on 64 bits: the high halves decide unless they are equal. */
    private static int greater(BpfBuilder b, boolean wide, int lowOp, int lo, int hi, int vLo, int vHi, int ifTrue, int ifFalse) {
        int low = b.stmt(BpfBuilder.LD_W_ABS, lo, b.jump(lowOp, vLo, ifTrue, ifFalse));
        if (!wide) return low;
        int highEqual = b.jump(BpfBuilder.JEQ_K, vHi, low, ifFalse);
        return b.stmt(BpfBuilder.LD_W_ABS, hi, b.jump(BpfBuilder.JGT_K, vHi, ifTrue, highEqual));
    }

    private static <T> List<T> orEmpty(List<T> list) { return list == null ? List.of() : list; }
}
