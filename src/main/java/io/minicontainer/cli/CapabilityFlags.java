package io.minicontainer.cli;

import io.minicontainer.diag.UserError;
import io.minicontainer.spec.CapabilityNames;
import io.minicontainer.spec.DefaultSpec;
import io.minicontainer.spec.Spec;
import io.minicontainer.validate.core.DidYouMean;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * The quick form's --cap-drop/--cap-add, with docker's semantics: start from the default set, apply
 * every drop, then every add ("ALL" works for both).
 *
 * <p>The result goes into bounding, effective and permitted. Only the capabilities named with
 * --cap-add also go into inheritable and ambient: an explicit add means "this process needs it", so
 * it must survive a non-root --user; the default set stays root-only, as with runc and docker
 * (a non-root user gets no capabilities unless asked, cf. CVE-2022-24769).
 */
final class CapabilityFlags {
    private static final String ALL = "ALL";

    private CapabilityFlags() {}

    static Spec.Capabilities resolve(List<String> drops, List<String> adds) {
        TreeSet<Integer> set = new TreeSet<>();
        for (String name : DefaultSpec.DEFAULT_CAPS) set.add(CapabilityNames.number(name).orElseThrow());
        TreeSet<Integer> added = new TreeSet<>();
        for (int cap : numbers("--cap-drop", drops)) set.remove(cap);
        for (int cap : numbers("--cap-add", adds)) added.add(cap);
        set.addAll(added);
        List<String> all = names(set), explicit = names(added);
        return new Spec.Capabilities(all, all, explicit, all, explicit);
    }

    /** Every number the flag names, "ALL" expanded; an unknown name is an error with a did-you-mean. */
    private static List<Integer> numbers(String flag, List<String> values) {
        List<Integer> out = new ArrayList<>();
        if (values == null) return out;
        for (String value : values) {
            String name = value.strip();
            if (name.equalsIgnoreCase(ALL)) {
                for (int i = 0; i <= CapabilityNames.last(); i++) out.add(i);
                continue;
            }
            if (name.isEmpty()) throw new UserError(flag + ": empty capability name (names are comma-separated, e.g. NET_ADMIN,SYS_TIME)");
            out.add(CapabilityNames.number(name).orElseThrow(() -> unknown(flag, name)));
        }
        return out;
    }

    private static UserError unknown(String flag, String name) {
        String upper = name.toUpperCase(Locale.ROOT);
        String asCap = upper.startsWith("CAP_") ? upper : "CAP_" + upper;
        String hint = DidYouMean.closest(asCap, CapabilityNames.all())
                .map(c -> "did you mean " + c.substring("CAP_".length()) + "?")
                .orElse("see capabilities(7) for the names, or use ALL");
        return new UserError(flag + " " + name + ": unknown capability (" + hint + ")");
    }

    private static List<String> names(TreeSet<Integer> numbers) {
        List<String> out = new ArrayList<>();
        for (int n : numbers) out.add(CapabilityNames.name(n));
        return out;
    }
}
