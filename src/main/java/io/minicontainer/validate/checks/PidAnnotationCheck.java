package io.minicontainer.validate.checks;

import io.minicontainer.spec.Annotations;
import io.minicontainer.spec.Spec;
import io.minicontainer.validate.core.SemanticCheck;

/** run.mini-container.pid becomes clone3's set_tid: it must be a pid the kernel could hand out. */
public final class PidAnnotationCheck implements SemanticCheck {
    @Override public String name() { return "pid-annotation"; }

    @Override
    public void check(Spec spec, Sink sink) {
        if (spec.annotations() == null || !spec.annotations().containsKey(Annotations.PID)) return;
        String value = spec.annotations().get(Annotations.PID);
        if (Annotations.pid(value).isEmpty()) {
            sink.error(Annotations.PID_POINTER, "pid \"" + value + "\" must be a decimal integer from 1 to "
                    + Annotations.PID_MAX_LIMIT, "pick a free pid below /proc/sys/kernel/pid_max, or remove the annotation");
        }
    }
}
