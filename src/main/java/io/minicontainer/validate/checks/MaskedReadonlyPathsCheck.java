package io.minicontainer.validate.checks;

import io.minicontainer.spec.Spec;
import io.minicontainer.validate.core.SemanticCheck;
import java.util.List;

/** These paths are interpreted inside the container; relative ones have no defined meaning. */
public final class MaskedReadonlyPathsCheck implements SemanticCheck {
    @Override public String name() { return "masked-readonly-paths"; }

    @Override
    public void check(Spec spec, Sink sink) {
        if (spec.linux() == null) return;
        checkList("maskedPaths", spec.linux().maskedPaths(), sink);
        checkList("readonlyPaths", spec.linux().readonlyPaths(), sink);
    }

    private static void checkList(String name, List<String> paths, Sink sink) {
        List<String> list = Support.orEmpty(paths);
        for (int i = 0; i < list.size(); i++) {
            String p = list.get(i);
            if (p == null) continue;
            if (!Support.isAbsolute(p)) {
                sink.error("/linux/" + name + "/" + i, name + " entry \"" + p + "\" is not an absolute path", null);
            } else if (Support.hasDotDot(p)) {
                sink.error("/linux/" + name + "/" + i, name + " entry \"" + p + "\" contains \"..\"", null);
            }
        }
    }
}
