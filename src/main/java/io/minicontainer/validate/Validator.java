package io.minicontainer.validate;

import io.minicontainer.spec.LoadedSpec;
import io.minicontainer.validate.Diagnostic.Severity;
import io.minicontainer.validate.checks.Checks;
import java.util.ArrayList;
import java.util.List;

/** Runs every stage and collects every diagnostic: load → schema → unknown properties → semantic checks. */
public final class Validator {
    private Validator() {}

    public static ValidationResult validate(LoadedSpec loaded, boolean strict) {
        return validate(loaded, strict, Checks.ALL);
    }

    public static ValidationResult validate(LoadedSpec loaded, boolean strict, List<SemanticCheck> checks) {
        List<Diagnostic> out = new ArrayList<>();
        List<Diagnostic> schema = SchemaValidator.validate(loaded);
        for (Diagnostic d : loaded.diagnostics()) {
            if (!coveredBySchema(d, schema)) out.add(d);
        }
        out.addAll(schema);
        out.addAll(UnknownProperties.find(loaded, strict));
        if (loaded.spec() != null) runChecks(loaded, checks, out);
        return new ValidationResult(out);
    }

    /** A binding failure is usually the same type problem the schema already described better. */
    private static boolean coveredBySchema(Diagnostic d, List<Diagnostic> schema) {
        if (!"bind".equals(d.check())) return false;
        for (Diagnostic s : schema) {
            String p = s.pointer();
            if (d.pointer().equals(p) || d.pointer().startsWith(p + "/") || p.startsWith(d.pointer() + "/")) return true;
        }
        return false;
    }

    private static void runChecks(LoadedSpec loaded, List<SemanticCheck> checks, List<Diagnostic> out) {
        Locator locator = new Locator(loaded);
        for (SemanticCheck check : checks) {
            String name = check.name();
            check.check(loaded.spec(), new SemanticCheck.Sink() {
                @Override
                public void error(String pointer, String message, String hint) {
                    out.add(locator.at(Severity.ERROR, name, pointer, message, hint));
                }

                @Override
                public void warning(String pointer, String message, String hint) {
                    out.add(locator.at(Severity.WARNING, name, pointer, message, hint));
                }
            });
        }
    }
}
