package io.minicontainer.validate.checks;

import io.minicontainer.spec.Spec;
import io.minicontainer.validate.core.SemanticCheck;
import java.util.List;

/**
 * uid_t and gid_t are unsigned 32-bit, but (uid_t)-1 means "leave unchanged" to setresuid: a uid of
 * 4294967295 would silently run the process as root. Like runc, anything above 2^31-1 is refused.
 */
public final class IdRangeCheck implements SemanticCheck {
    public static final long MAX_ID = 2147483647L;

    @Override public String name() { return "id-range"; }

    @Override
    public void check(Spec spec, Sink sink) {
        if (spec.process() != null && spec.process().user() != null) {
            Spec.User u = spec.process().user();
            check("/process/user/uid", "uid", u.uid(), sink);
            check("/process/user/gid", "gid", u.gid(), sink);
            List<Long> groups = Support.orEmpty(u.additionalGids());
            for (int i = 0; i < groups.size(); i++) check("/process/user/additionalGids/" + i, "gid", groups.get(i), sink);
        }
        if (spec.linux() != null) {
            List<Spec.Device> devices = Support.orEmpty(spec.linux().devices());
            for (int i = 0; i < devices.size(); i++) {
                Spec.Device d = devices.get(i);
                if (d == null) continue;
                check("/linux/devices/" + i + "/uid", "uid", d.uid(), sink);
                check("/linux/devices/" + i + "/gid", "gid", d.gid(), sink);
            }
        }
    }

    private static void check(String pointer, String what, Long id, Sink sink) {
        if (id == null || (id >= 0 && id <= MAX_ID)) return;
        sink.error(pointer, what + " " + Long.toUnsignedString(id) + " is above " + MAX_ID
                + (id == 4294967295L ? " ((" + what + "_t)-1 means \"leave unchanged\" to the kernel)" : ""),
                "use an id between 0 and " + MAX_ID);
    }
}
