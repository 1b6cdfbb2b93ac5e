package io.minicontainer.diff;

import io.minicontainer.plan.NativeStep;
import io.minicontainer.plan.Plan;
import io.minicontainer.plan.Step;
import io.minicontainer.seccomp.Action;
import io.minicontainer.seccomp.Filter;
import io.minicontainer.spec.Spec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Seccomp compared decision by decision, as `plan --format json` lists them: the default action,
 * then every syscall either profile names (a syscall one profile leaves out gets that profile's
 * default). A filter added or removed as a whole is one change, not hundreds.
 */
final class SeccompDiff {
    /** allow everything = 2, depends on the arguments = 1, refuse = 0. */
    private static final int ALLOWS = 2, DEPENDS = 1, REFUSES = 0;

    private SeccompDiff() {}

    static List<Entry[]> pairs(Side a, Side b) {
        Filter fa = filter(a.plan()), fb = filter(b.plan());
        List<Entry[]> out = new ArrayList<>();
        if (fa == null && fb == null) return out;
        if (fa == null || fb == null) {
            Filter f = fa == null ? fb : fa;
            Entry e = Entry.presence("seccomp", "seccomp", "filter", "default " + f.defaultAction().lower() + ", "
                    + f.decisions().size() + " syscalls named", false, "/linux/seccomp");
            out.add(fa == null ? new Entry[] {null, e} : new Entry[] {e, null});
            return out;
        }
        out.add(new Entry[] {defaultEntry(fa), defaultEntry(fb)});
        Map<String, Filter.Decision> da = byName(fa), db = byName(fb);
        List<String> names = new ArrayList<>(da.keySet());
        for (String n : db.keySet()) if (!da.containsKey(n)) names.add(n);
        for (String name : names) {
            out.add(new Entry[] {syscall(name, da.get(name), fa, a.loaded().spec()), syscall(name, db.get(name), fb, b.loaded().spec())});
        }
        String flagsA = String.join(",", fa.flagNames()), flagsB = String.join(",", fb.flagNames());
        out.add(new Entry[] {new Entry("seccomp flags", "seccomp", "flags", flagsA.isEmpty() ? "none" : flagsA, 0, 0, "/linux/seccomp/flags"),
                new Entry("seccomp flags", "seccomp", "flags", flagsB.isEmpty() ? "none" : flagsB, 0, 0, "/linux/seccomp/flags")});
        // applied, but outside the decisions: which agent rules notified syscalls, what it is told, which arches pass
        Spec.Seccomp pa = a.loaded().spec().linux().seccomp(), pb = b.loaded().spec().linux().seccomp();
        out.add(neutral("listenerPath", pa.listenerPath(), pb.listenerPath()));
        out.add(neutral("listenerMetadata", pa.listenerMetadata(), pb.listenerMetadata()));
        out.add(neutral("architectures", pa.architectures() == null ? null : String.join(",", pa.architectures()),
                pb.architectures() == null ? null : String.join(",", pb.architectures())));
        return out;
    }

    private static Entry[] neutral(String field, String a, String b) {
        String pointer = "/linux/seccomp/" + field;
        return new Entry[] {new Entry("seccomp " + field, "seccomp", field, a == null ? "none" : a, 0, 0, pointer),
                new Entry("seccomp " + field, "seccomp", field, b == null ? "none" : b, 0, 0, pointer)};
    }

    private static Entry defaultEntry(Filter f) {
        return new Entry("seccomp default", "seccomp", "default action", f.defaultAction().lower(), reach(f.defaultAction()), 0,
                "/linux/seccomp/defaultAction");
    }

    private static Entry syscall(String name, Filter.Decision d, Filter f, Spec spec) {
        String value;
        int reach;
        if (d == null) {
            value = f.defaultAction().lower();   // the pointer (defaultAction) says where it comes from
            reach = reach(f.defaultAction());
        } else if (d.rules().isEmpty()) {
            value = d.otherwise().lower();
            reach = reach(d.otherwise());
        } else {
            List<String> parts = new ArrayList<>();
            boolean any = false, all = reach(d.otherwise()) == ALLOWS;
            for (Filter.Rule r : d.rules()) {
                parts.add("if " + r.conditions() + " " + r.action().lower());
                any |= reach(r.action()) == ALLOWS;
                all &= reach(r.action()) == ALLOWS;
            }
            parts.add("else " + d.otherwise().lower());
            value = String.join(", ", parts);
            reach = all ? ALLOWS : any || reach(d.otherwise()) == ALLOWS ? DEPENDS : REFUSES;
        }
        return new Entry("seccomp " + name, "seccomp", name, value, reach, 0, pointer(spec, name));
    }

    private static int reach(Action a) {
        return switch (a.kind()) {
            case ALLOW, LOG -> ALLOWS;
            case NOTIFY, TRACE -> DEPENDS;   // a supervisor decides
            default -> REFUSES;
        };
    }

    /** The names entry of the rule that decides the syscall (the last one naming it), or the default action. */
    private static String pointer(Spec spec, String name) {
        List<Spec.SyscallRule> rules = spec.linux().seccomp().syscalls();
        String found = "/linux/seccomp/defaultAction";
        if (rules == null) return found;
        for (int i = 0; i < rules.size(); i++) {
            List<String> names = rules.get(i).names();
            if (names != null && names.contains(name)) found = "/linux/seccomp/syscalls/" + i + "/names/" + names.indexOf(name);
        }
        return found;
    }

    private static Map<String, Filter.Decision> byName(Filter f) {
        Map<String, Filter.Decision> m = new LinkedHashMap<>();
        for (Filter.Decision d : f.decisions()) m.put(d.name(), d);
        return m;
    }

    static Filter filter(Plan plan) {
        for (Step s : plan.steps()) if (s instanceof NativeStep.Seccomp sc) return sc.filter();
        return null;
    }
}
