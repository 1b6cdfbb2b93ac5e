package io.minicontainer.validate;

import io.minicontainer.diag.Diagnostic;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** All diagnostics of one validation, sorted by position (whole-file ones, at line 0, first). */
public record ValidationResult(List<Diagnostic> diagnostics) {
    /**
     * A class, not Comparator.comparingInt(...).thenComparingInt(...): lambdas linked on a cold JVM cost ~0.1 ms
     * each even from the class-data archive, and every verb that validates sorts (docs/STARTUP.md).
     */
    private static final Comparator<Diagnostic> BY_POSITION = new ByPosition();

    private static final class ByPosition implements Comparator<Diagnostic> {
        @Override
        public int compare(Diagnostic a, Diagnostic b) {
            int byLine = Integer.compare(a.line(), b.line());
            return byLine != 0 ? byLine : Integer.compare(a.column(), b.column());
        }
    }

    public ValidationResult {
        List<Diagnostic> sorted = new ArrayList<>(diagnostics);
        sorted.sort(BY_POSITION); // stable: same position keeps discovery order
        diagnostics = List.copyOf(sorted);
    }

    public boolean hasErrors() {
        for (Diagnostic d : diagnostics) if (d.isError()) return true;
        return false;
    }

    public List<Diagnostic> errors() { return only(true); }

    public List<Diagnostic> warnings() { return only(false); }

    private List<Diagnostic> only(boolean errors) {
        List<Diagnostic> out = new ArrayList<>();
        for (Diagnostic d : diagnostics) if (d.isError() == errors) out.add(d);
        return List.copyOf(out);
    }
}
