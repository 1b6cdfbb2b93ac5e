package io.minicontainer.validate.checks;

import io.minicontainer.spec.LoadedSpec;
import io.minicontainer.spec.Spec;
import io.minicontainer.spec.SpecLoader;
import io.minicontainer.validate.core.SemanticCheck;
import java.util.ArrayList;
import java.util.List;

/** Runs one check on a config written with single quotes, returning "E|W pointer: message [hint]" lines. */
final class CheckHarness {
    private CheckHarness() {}

    static List<String> run(SemanticCheck check, String singleQuotedJson) {
        LoadedSpec loaded = SpecLoader.parse("t.json", singleQuotedJson.replace('\'', '"'));
        Spec spec = loaded.spec();
        if (spec == null) throw new IllegalArgumentException("test config does not bind: " + loaded.diagnostics());
        List<String> out = new ArrayList<>();
        check.check(spec, new SemanticCheck.Sink() {
            @Override public void error(String pointer, String message, String hint) { out.add(line("E", pointer, message, hint)); }

            @Override public void warning(String pointer, String message, String hint) { out.add(line("W", pointer, message, hint)); }
        });
        return out;
    }

    private static String line(String kind, String pointer, String message, String hint) {
        return kind + " " + pointer + ": " + message + (hint == null ? "" : " [" + hint + "]");
    }
}
