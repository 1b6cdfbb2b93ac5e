package io.minicontainer.validate.checks;

import io.minicontainer.spec.Spec;
import io.minicontainer.validate.core.SemanticCheck;
import java.util.List;

/** Hooks run from the runtime's namespace, where a relative path would depend on our cwd. */
public final class HookPathsCheck implements SemanticCheck {
    @Override public String name() { return "hook-paths"; }

    @Override
    public void check(Spec spec, Sink sink) {
        Spec.Hooks h = spec.hooks();
        if (h == null) return;
        checkList("prestart", h.prestart(), sink);
        checkList("createRuntime", h.createRuntime(), sink);
        checkList("createContainer", h.createContainer(), sink);
        checkList("startContainer", h.startContainer(), sink);
        checkList("poststart", h.poststart(), sink);
        checkList("poststop", h.poststop(), sink);
    }

    private static void checkList(String stage, List<Spec.Hook> hooks, Sink sink) {
        List<Spec.Hook> list = Support.orEmpty(hooks);
        for (int i = 0; i < list.size(); i++) {
            Spec.Hook hook = list.get(i);
            if (hook == null || hook.path() == null || Support.isAbsolute(hook.path())) continue;
            sink.error("/hooks/" + stage + "/" + i + "/path", "hook path \"" + hook.path() + "\" is not absolute", null);
        }
    }
}
