package io.minicontainer.diff;

import com.fasterxml.jackson.databind.JsonNode;
import io.minicontainer.spec.JsonPointers;
import io.minicontainer.validate.core.SupportTable;
import java.util.List;
import java.util.Map;

/**
 * Every other field the support table says a plan step applies (env, cwd, umask, oomScoreAdj,
 * ioPriority, personality, hostname, mount propagation, ...), as neutral changes: whatever the
 * runtime applies, a reviewer sees change. Fields {@link IsolationView} or {@link SeccompDiff}
 * already compare, and cgroup resources (compared as the values the plan writes), are left to them.
 */
final class OtherFields {
    private static final List<String> COVERED = List.of("/process/capabilities", "/process/user/uid", "/process/user/gid",
            "/process/user/additionalGids", "/process/noNewPrivileges", "/process/rlimits", "/process/args", "/linux/namespaces",
            "/linux/resources", "/linux/uidMappings", "/linux/gidMappings", "/mounts", "/linux/maskedPaths",
            "/linux/readonlyPaths", "/root/readonly", "/linux/seccomp", "/linux/devices", "/hooks", "/linux/sysctl");

    private OtherFields() {}

    /** Leaf pointer → JSON text, for the applied fields of one config (an array of scalars is one leaf). */
    static void collect(JsonNode node, String pointer, Map<String, Entry> out) {
        if (covered(pointer)) return;
        if (!pointer.isEmpty()) {
            var entry = SupportTable.classify(pattern(pointer));
            if (entry.isEmpty() || entry.get().status() != SupportTable.Status.APPLIED) return;
        }
        if (node.isObject()) {
            node.fields().forEachRemaining(f -> collect(f.getValue(), JsonPointers.append(pointer, f.getKey()), out));
        } else if (node.isArray() && containsContainers(node)) {
            for (int i = 0; i < node.size(); i++) collect(node.get(i), JsonPointers.append(pointer, i), out);
        } else {
            out.put("field " + pointer, new Entry("field " + pointer, "field", pointer, node.toString(), 0, 0, pointer));
        }
    }

    private static boolean containsContainers(JsonNode array) {
        for (JsonNode n : array) if (n.isContainerNode()) return true;
        return false;
    }

    private static boolean covered(String pointer) {
        for (String c : COVERED) if (pointer.equals(c) || pointer.startsWith(c + "/")) return true;
        return false;
    }

    /** The support table's pattern of a concrete pointer: array indices become "*". */
    static String pattern(String pointer) {
        return pointer.replaceAll("/[0-9]+(?=/|$)", "/*");
    }
}
