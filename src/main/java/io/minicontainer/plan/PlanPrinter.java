package io.minicontainer.plan;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.minicontainer.seccomp.Filter;
import java.util.List;
import java.util.Map;
import java.util.Locale;

/** Renders a plan as an aligned text table or as JSON. Step numbers are 1-based, as users count. */
public final class PlanPrinter {
    private static final ObjectMapper JSON = new ObjectMapper();

    private PlanPrinter() {}

    public static String text(Plan plan) {
        StringBuilder b = new StringBuilder();
        b.append("plan for container ").append(plan.containerId()).append(" (rootfs ").append(plan.rootfs()).append(")\n");
        int kindWidth = 4;
        for (Step s : plan.steps()) kindWidth = Math.max(kindWidth, s.kind().length());
        for (Step s : plan.cleanup()) kindWidth = Math.max(kindWidth, s.kind().length());
        for (Step s : plan.poststop()) kindWidth = Math.max(kindWidth, s.kind().length());
        String fmt = "%3s  %-9s  %-" + kindWidth + "s  %s%s%n";
        b.append(String.format(Locale.ROOT, fmt, "#", "where", "step", "what", "  <- from"));
        int n = 1;
        for (Step s : plan.steps()) b.append(row(fmt, String.valueOf(n++), s));
        if (!plan.cleanup().isEmpty() || !plan.poststop().isEmpty()) {
            b.append("after the container exits:\n");
            for (Step s : plan.cleanup()) b.append(row(fmt, "", s));
            for (Step s : plan.poststop()) b.append(row(fmt, "", s));
        }
        return b.toString();
    }

    private static String row(String fmt, String number, Step s) {
        return String.format(Locale.ROOT, fmt, number, s.where().name().toLowerCase(Locale.ROOT), s.kind(), s.describe(), from(s.sources()));
    }

    private static String from(List<String> sources) {
        return sources.isEmpty() ? "  <- (runtime default)" : "  <- " + String.join(" ", sources);
    }

    public static String json(Plan plan) {
        ObjectNode root = JSON.createObjectNode();
        root.put("containerId", plan.containerId());
        root.put("rootfs", plan.rootfs());
        ArrayNode steps = root.putArray("steps");
        int n = 1;
        for (Step s : plan.steps()) steps.add(node(n++, s));
        ArrayNode cleanup = root.putArray("cleanup");
        for (Step s : plan.cleanup()) cleanup.add(node(0, s));
        for (Step s : plan.poststop()) cleanup.add(node(0, s));
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static ObjectNode node(int index, Step s) {
        ObjectNode o = JSON.createObjectNode();
        if (index > 0) o.put("index", index);
        o.put("where", s.where().name().toLowerCase(Locale.ROOT));
        o.put("step", s.kind());
        o.put("description", s.describe());
        ArrayNode from = o.putArray("from");
        s.sources().forEach(from::add);
        if (s instanceof NativeStep ns) {
            o.put("op", ns.op().code);
            ArrayNode ints = o.putArray("ints");
            for (long v : ns.ints()) ints.add(v);
            ArrayNode strs = o.putArray("strs");
            ns.strs().forEach(strs::add);
        }
        if (s instanceof NativeStep.Seccomp sc) {
            ObjectNode filter = seccomp(sc.filter());
            if (sc.listener() != null) {
                // the listener fd goes from the container process to the helper, then to this socket
                filter.putObject("listener").put("path", sc.listener().path()).put("timeoutSeconds", sc.listener().timeoutSeconds())
                        .put("sentBy", "helper");
            }
            o.set("seccomp", filter);
        }
        return o;
    }

    /** Every decision of the filter on the native architecture, so a reader never has to decode the BPF. */
    private static ObjectNode seccomp(Filter f) {
        ObjectNode o = JSON.createObjectNode();
        o.put("defaultAction", f.defaultAction().toString());
        ArrayNode arches = o.putArray("architectures");
        f.arches().forEach(a -> arches.add(a.scmpName));
        ArrayNode ignored = o.putArray("ignoredArchitectures");
        f.ignoredArches().forEach(ignored::add);
        ArrayNode flags = o.putArray("flags");
        f.flagNames().forEach(flags::add);
        o.put("instructions", f.instructions());
        ObjectNode enosys = o.putObject("enosysAbove");
        for (Map.Entry<io.minicontainer.seccomp.Arch, Integer> e : f.enosysAbove().entrySet()) enosys.put(e.getKey().scmpName, e.getValue());
        ObjectNode counts = o.putObject("counts");
        f.counts().forEach(counts::put);
        ArrayNode syscalls = o.putArray("syscalls");
        for (Filter.Decision d : f.decisions()) {
            ObjectNode n = syscalls.addObject();
            n.put("name", d.name()).put("nr", d.nr());
            ArrayNode rules = n.putArray("rules");
            for (Filter.Rule r : d.rules()) {
                ObjectNode rn = rules.addObject();
                ArrayNode when = rn.putArray("when");
                r.conditions().forEach(c -> when.add(c.toString()));
                rn.put("action", r.action().toString());
            }
            n.put("action", d.otherwise().toString());
        }
        return o;
    }
}
