package io.minicontainer.validate;

import io.minicontainer.diag.Diagnostic;
import io.minicontainer.spec.LoadedSpec;
import io.minicontainer.diag.Diagnostic.Severity;
import java.util.ArrayList;
import java.util.List;

/**
 * What a config needs before anything is planned for starting it (create, run, plan), beyond what
 * {@code validate} demands of a file: the runtime-spec makes {@code process} optional in config.json but
 * REQUIRED when start is called, so {@code validate} accepts a config without it and these verbs refuse it.
 */
public final class StartRequirements {
    public static final String CHECK = "process-required";

    private StartRequirements() {}

    /** {@code validate}'s diagnostics plus these, for a config about to be planned for a start. */
    public static List<Diagnostic> apply(LoadedSpec loaded, List<Diagnostic> validation) {
        List<Diagnostic> out = new ArrayList<>(check(loaded));
        out.addAll(validation);
        return out;
    }

    public static List<Diagnostic> check(LoadedSpec loaded) {
        if (loaded.spec() == null || loaded.spec().process() != null) return List.of();
        return List.of(new Locator(loaded).at(Severity.ERROR, CHECK, "/process",
                "process is missing: there is nothing to start (the runtime-spec requires process for start)",
                "add \"process\": {\"args\": [\"/bin/sh\"], \"cwd\": \"/\"}"));
    }
}
