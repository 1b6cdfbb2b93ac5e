package io.minicontainer.validate;

import io.minicontainer.diag.Diagnostic;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** All diagnostics of one validation, sorted by position (whole-file ones, at line 0, first). */
public record ValidationResult(List<Diagnostic> diagnostics) {
    private static final Comparator<Diagnostic> BY_POSITION =
            Comparator.comparingInt(Diagnostic::line).thenComparingInt(Diagnostic::column);

    public ValidationResult {
        List<Diagnostic> sorted = new ArrayList<>(diagnostics);
        sorted.sort(BY_POSITION); // stable: same position keeps discovery order
        diagnostics = List.copyOf(sorted);
    }

    public boolean hasErrors() {
        for (Diagnostic d : diagnostics) if (d.isError()) return true;
        return false;
    }

    public List<Diagnostic> errors() { return diagnostics.stream().filter(Diagnostic::isError).toList(); }

    public List<Diagnostic> warnings() { return diagnostics.stream().filter(d -> !d.isError()).toList(); }
}
