package io.minicontainer.validate.checks;

import io.minicontainer.spec.NamespaceKind;
import io.minicontainer.spec.Spec;
import io.minicontainer.validate.core.SemanticCheck;

/** Setting a hostname without a private UTS namespace would rename the host itself. */
public final class HostnameNeedsUtsCheck implements SemanticCheck {
    @Override public String name() { return "hostname-uts"; }

    @Override
    public void check(Spec spec, Sink sink) {
        if (Support.hasNamespace(spec, NamespaceKind.UTS.configName())) return;
        String hint = "add {\"type\": \"uts\"} to linux.namespaces";
        if (spec.hostname() != null && !spec.hostname().isEmpty()) {
            sink.error("/hostname", "hostname is set but there is no uts namespace", hint);
        }
        if (spec.domainname() != null && !spec.domainname().isEmpty()) {
            sink.error("/domainname", "domainname is set but there is no uts namespace", hint);
        }
    }
}
