package io.minicontainer.diff;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Compares the plans of two configs fact by fact; pure. */
public final class SpecDiff {
    private SpecDiff() {}

    public static DiffResult compare(Side old, Side now) {
        Map<String, Entry> a = IsolationView.of(old.loaded().spec(), old.plan());
        Map<String, Entry> b = IsolationView.of(now.loaded().spec(), now.plan());
        OtherFields.collect(old.loaded().tree(), "", a);
        OtherFields.collect(now.loaded().tree(), "", b);
        Set<String> keys = new LinkedHashSet<>(a.keySet());
        keys.addAll(b.keySet());
        List<Change> changes = new ArrayList<>();
        for (String key : keys) change(old, now, a.get(key), b.get(key), changes);
        for (Entry[] pair : SeccompDiff.pairs(old, now)) change(old, now, pair[0], pair[1], changes);
        changes.sort(java.util.Comparator.comparingInt(c -> rank(c.kind())));   // stable: each kind keeps its order
        return new DiffResult(old.label(), now.label(), changes);
    }

    private static void change(Side old, Side now, Entry ea, Entry eb, List<Change> out) {
        if (ea == null && eb == null) return;
        if (ea != null && eb != null && ea.value().equals(eb.value())) return;
        long ra = ea != null ? ea.reach() : eb.absentReach();
        long rb = eb != null ? eb.reach() : ea.absentReach();
        Effect effect = rb > ra ? Effect.WIDENS : rb < ra ? Effect.NARROWS : Effect.NEUTRAL;
        Entry any = ea != null ? ea : eb;
        out.add(new Change(any.kind(), any.subject(), what(any.kind(), ea, eb, ra, rb),
                ea == null ? null : ea.value(), eb == null ? null : eb.value(), effect,
                ea == null ? null : old.at(ea.pointer()), eb == null ? null : now.at(eb.pointer())));
    }

    /** The order kinds are listed in: privileges first, then what the container sees and reaches, then the rest. */
    private static final List<String> KINDS = List.of("capability", "user", "process", "namespace", "limit", "root", "mount",
            "masked path", "readonly path", "device rule", "device node", "seccomp", "hook", "sysctl", "field");

    private static int rank(String kind) {
        int i = KINDS.indexOf(kind);
        return i < 0 ? KINDS.size() : i;
    }

    private static String what(String kind, Entry ea, Entry eb, long ra, long rb) {
        boolean gainLose = kind.equals("capability");
        if (ea == null) return gainLose ? "gained" : "added";
        if (eb == null) return gainLose ? "lost" : "removed";
        if (kind.equals("limit") && ra != rb) return rb > ra ? "raised" : "lowered";
        return "changed";
    }
}
