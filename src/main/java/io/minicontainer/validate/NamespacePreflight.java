package io.minicontainer.validate;

import io.minicontainer.diag.Diagnostic;
import io.minicontainer.spec.JsonPointers;
import io.minicontainer.spec.LoadedSpec;
import io.minicontainer.spec.NamespaceKind;
import io.minicontainer.spec.Spec;
import io.minicontainer.diag.Diagnostic.Severity;
import io.minicontainer.validate.checks.SysctlCheck;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A namespace joined by path may be the host's own: then a sysctl or hostname "for the container"
 * would be the host's (runc refuses this too). Compared by device and inode with the runtime's own
 * namespaces in {@code /proc/self/ns}.
 */
public final class NamespacePreflight {
    public static final String CHECK = "host-preflight";

    private NamespacePreflight() {}

    public static List<Diagnostic> check(LoadedSpec loaded, Path ownNamespaces) {
        Spec spec = loaded.spec();
        if (spec == null || spec.linux() == null) return List.of();
        Locator at = new Locator(loaded);
        List<Diagnostic> out = new ArrayList<>();
        if (spec.linux().sysctl() != null) {
            for (String key : spec.linux().sysctl().keySet()) {
                Optional<NamespaceKind> kind = SysctlCheck.namespaceFor(key);
                if (kind.isEmpty()) continue;
                var own = hostOwn(spec, kind.get(), ownNamespaces);
                if (own.isPresent()) {
                    out.add(at.at(Severity.ERROR, CHECK, JsonPointers.append("/linux/sysctl", key), "sysctl \"" + key
                            + "\" would change the host's " + kind.get().configName() + " namespace: linux.namespaces[" + own.get()
                            + "].path is the runtime's own", "give the container its own namespace"));
                }
            }
        }
        for (String field : List.of("hostname", "domainname")) {
            String value = "hostname".equals(field) ? spec.hostname() : spec.domainname();
            if (value == null || value.isEmpty()) continue;
            // not ifPresent(lambda): linking a lambda costs every cold start that sets a hostname
            var own = hostOwn(spec, NamespaceKind.UTS, ownNamespaces);
            if (own.isPresent()) {
                out.add(at.at(Severity.ERROR, CHECK, "/" + field, field + " would rename the host: linux.namespaces[" + own.get()
                        + "].path is the runtime's own uts namespace", "give the container its own uts namespace"));
            }
        }
        return out;
    }

    /** Index of the namespace entry of this type that joins the runtime's own namespace, if any. */
    private static Optional<Integer> hostOwn(Spec spec, NamespaceKind kind, Path ownNamespaces) {
        return joinsOwn(spec, kind, ownNamespaces.resolve(kind.procName()));
    }

    /**
     * Index of the namespace entry of this kind whose path is the same namespace as {@code own} (one of the
     * runtime's /proc/self/ns files), compared by device and inode; empty when none is, or a path cannot be read.
     */
    static Optional<Integer> joinsOwn(Spec spec, NamespaceKind kind, Path own) {
        List<Spec.Namespace> list = spec.linux() == null || spec.linux().namespaces() == null ? List.of() : spec.linux().namespaces();
        for (int i = 0; i < list.size(); i++) {
            Spec.Namespace ns = list.get(i);
            if (!kind.is(ns) || ns.path() == null || ns.path().isEmpty()) continue;
            if (sameFile(Path.of(ns.path()), own)) return Optional.of(i);
        }
        return Optional.empty();
    }

    private static boolean sameFile(Path a, Path b) {
        try {
            return Files.getAttribute(a, "unix:ino").equals(Files.getAttribute(b, "unix:ino"))
                    && Files.getAttribute(a, "unix:dev").equals(Files.getAttribute(b, "unix:dev"));
        } catch (IOException | RuntimeException e) {
            return false; // a path that cannot be read fails at setns, with its own error
        }
    }
}
