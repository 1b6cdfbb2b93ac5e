package io.minicontainer.validate;

import io.minicontainer.validate.core.TreeCheck;

import io.minicontainer.validate.core.SemanticCheck;

import io.minicontainer.diag.Diagnostic;
import io.minicontainer.spec.LoadedSpec;
import io.minicontainer.diag.Diagnostic.Severity;
import io.minicontainer.validate.checks.Checks;
import java.util.ArrayList;
import java.util.List;

/** Runs every stage and collects every diagnostic: load → schema → unknown properties → semantic checks. */
public final class Validator {
    private Validator() {}

    /** Every stage, the schema engine included (what `validate` asks for). */
    public static ValidationResult validate(LoadedSpec loaded, boolean strict) {
        return validate(loaded, strict, Checks.ALL, true);
    }

    /**
     * What a verb that starts or changes a container asks for: the diagnostics of {@link #validate(LoadedSpec, boolean)}
     * but those of {@link Checks#START} only (seccomp-names only warns, and those verbs show none of its warnings:
     * ~13 ms of a cold create of podman's config), and the schema engine only when {@link SchemaPass} cannot
     * certify the config (then it finds and words the problems as always).
     */
    public static ValidationResult validateForStart(LoadedSpec loaded, boolean strict) {
        return validate(loaded, strict, Checks.START, false);
    }

    public static ValidationResult validate(LoadedSpec loaded, boolean strict, List<SemanticCheck> checks) {
        return validate(loaded, strict, checks, true);
    }

    private static ValidationResult validate(LoadedSpec loaded, boolean strict, List<SemanticCheck> checks,
                                             boolean schemaEngine) {
        List<Diagnostic> out = new ArrayList<>();
        List<Diagnostic> schema = schemaEngine || !SchemaPass.certain(loaded.tree()) ? SchemaValidator.validate(loaded) : List.of();
        for (Diagnostic d : loaded.diagnostics()) {
            if (!coveredBySchema(d, schema)) out.add(d);
        }
        out.addAll(schema);
        out.addAll(UnknownProperties.find(loaded, strict));
        out.addAll(NullMembers.find(loaded, strict));
        if (loaded.spec() != null) runChecks(loaded, checks, malformed(schema), out);
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

    /** Pointers whose values the schema already rejected (not mere missing properties of an object). */
    private static List<String> malformed(List<Diagnostic> schema) {
        List<String> out = new ArrayList<>();
        for (Diagnostic d : schema) if (!SchemaValidator.isMissingProperty(d)) out.add(d.pointer());
        return out;
    }

    /** A semantic complaint about a value the schema already rejected would say the same thing twice. */
    private static boolean alreadyReported(String pointer, List<String> malformed) {
        for (String p : malformed) if (pointer.equals(p) || pointer.startsWith(p + "/")) return true;
        return false;
    }

    private static void runChecks(LoadedSpec loaded, List<SemanticCheck> checks, List<String> malformed,
                                  List<Diagnostic> out) {
        Locator locator = new Locator(loaded);
        for (SemanticCheck check : checks) {
            String name = check.name();
            SemanticCheck.Sink sink = new SemanticCheck.Sink() {
                @Override
                public void error(String pointer, String message, String hint) {
                    if (!alreadyReported(pointer, malformed)) out.add(locator.at(Severity.ERROR, name, pointer, message, hint));
                }

                @Override
                public void warning(String pointer, String message, String hint) {
                    if (!alreadyReported(pointer, malformed)) out.add(locator.at(Severity.WARNING, name, pointer, message, hint));
                }
            };
            if (check instanceof TreeCheck tree) tree.check(loaded, sink); else check.check(loaded.spec(), sink);
        }
    }
}
