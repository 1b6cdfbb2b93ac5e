package io.minicontainer.validate.checks;

import io.minicontainer.spec.Spec;
import io.minicontainer.validate.core.SemanticCheck;
import java.nio.charset.StandardCharsets;

/** sethostname/setdomainname take at most 64 bytes (HOST_NAME_MAX); a longer name would fail at run time only. */
public final class HostnameLengthCheck implements SemanticCheck {
    public static final int HOST_NAME_MAX = 64;

    @Override public String name() { return "hostname-length"; }

    @Override
    public void check(Spec spec, Sink sink) {
        check("/hostname", "hostname", spec.hostname(), sink);
        check("/domainname", "domainname", spec.domainname(), sink);
    }

    private static void check(String pointer, String what, String value, Sink sink) {
        if (value == null) return;
        int bytes = value.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > HOST_NAME_MAX) {
            sink.error(pointer, what + " is " + bytes + " bytes long; the kernel allows at most " + HOST_NAME_MAX, null);
        }
    }
}
