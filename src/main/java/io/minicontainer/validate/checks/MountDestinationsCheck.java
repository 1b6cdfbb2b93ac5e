package io.minicontainer.validate.checks;

import io.minicontainer.spec.Spec;
import io.minicontainer.validate.core.SemanticCheck;
import java.util.List;

/**
 * Destinations are resolved inside the rootfs; a ".." component could point a mount at the host,
 * so any ".." is refused rather than reasoned about.
 */
public final class MountDestinationsCheck implements SemanticCheck {
    @Override public String name() { return "mount-destinations"; }

    @Override
    public void check(Spec spec, Sink sink) {
        List<Spec.Mount> mounts = Support.orEmpty(spec.mounts());
        for (int i = 0; i < mounts.size(); i++) {
            Spec.Mount m = mounts.get(i);
            if (m == null || m.destination() == null) continue;
            String at = "/mounts/" + i + "/destination";
            String d = m.destination();
            if (!Support.isAbsolute(d)) {
                sink.error(at, "mount destination \"" + d + "\" is not an absolute path", "start it with /");
            } else if (Support.hasDotDot(d)) {
                sink.error(at, "mount destination \"" + d + "\" contains \"..\"", "write the path without .. components");
            }
        }
    }
}
