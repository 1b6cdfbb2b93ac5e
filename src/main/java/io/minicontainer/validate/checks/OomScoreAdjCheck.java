package io.minicontainer.validate.checks;

import io.minicontainer.spec.Spec;
import io.minicontainer.validate.core.SemanticCheck;

/** The kernel rejects writes to oom_score_adj outside -1000..1000. */
public final class OomScoreAdjCheck implements SemanticCheck {
    @Override public String name() { return "oom-score-adj"; }

    @Override
    public void check(Spec spec, Sink sink) {
        if (spec.process() == null || spec.process().oomScoreAdj() == null) return;
        int v = spec.process().oomScoreAdj();
        if (v < -1000 || v > 1000) {
            sink.error("/process/oomScoreAdj", "oomScoreAdj " + v + " is outside -1000..1000", null);
        }
    }
}
