package io.minicontainer.validate.checks;

import io.minicontainer.spec.Spec;
import io.minicontainer.validate.core.SemanticCheck;
import java.util.regex.Pattern;

/** We implement runtime-spec 1.x; a 2.x config could mean something we would silently get wrong. */
public final class OciVersionCheck implements SemanticCheck {
    private static final Pattern SEMVER = Pattern.compile("\\d+\\.\\d+\\.\\d+(-[0-9A-Za-z.-]+)?(\\+[0-9A-Za-z.-]+)?");

    @Override public String name() { return "oci-version"; }

    @Override
    public void check(Spec spec, Sink sink) {
        String v = spec.ociVersion();
        if (v == null) return; // the schema reports it missing
        if (!SEMVER.matcher(v).matches()) {
            sink.error("/ociVersion", "ociVersion \"" + v + "\" is not a version like 1.0.2", "use the runtime-spec version, for example \"1.0.2\"");
        } else if (!v.startsWith("1.")) {
            sink.error("/ociVersion", "ociVersion \"" + v + "\" is not supported; only 1.x is", null);
        }
    }
}
