package io.minicontainer.validate.checks;

import io.minicontainer.spec.Spec;
import java.util.List;

/** Small helpers shared by checks. */
final class Support {
    private Support() {}

    static boolean isAbsolute(String path) { return path != null && path.startsWith("/"); }

    /** True if any "/"-separated component is "..": such paths can climb out of where they are meant to stay. */
    static boolean hasDotDot(String path) {
        for (String part : path.split("/", -1)) if (part.equals("..")) return true;
        return false;
    }

    static <T> List<T> orEmpty(List<T> list) { return list == null ? List.of() : list; }

    static boolean hasNamespace(Spec spec, String type) {
        if (spec.linux() == null) return false;
        for (Spec.Namespace ns : orEmpty(spec.linux().namespaces())) {
            if (ns != null && type.equals(ns.type())) return true;
        }
        return false;
    }
}
