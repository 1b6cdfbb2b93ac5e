package io.minicontainer.validate;

import io.minicontainer.diag.Diagnostic;
import io.minicontainer.spec.LoadedSpec;
import io.minicontainer.spec.SourceMap;
import io.minicontainer.diag.Diagnostic.Severity;

/** Makes diagnostics for a loaded file, filling in line and column from its source map. */
final class Locator {
    private final LoadedSpec loaded;

    Locator(LoadedSpec loaded) { this.loaded = loaded; }

    /** Positioned at the value (or the nearest ancestor present in the text, for missing values). */
    Diagnostic at(Severity severity, String check, String pointer, String message, String hint) {
        return make(severity, check, pointer, loaded.sourceMap().nearest(pointer), message, hint);
    }

    /** Positioned at the property name, falling back to the value. */
    Diagnostic atName(Severity severity, String check, String pointer, String message, String hint) {
        SourceMap.Position p = loaded.sourceMap().name(pointer);
        if (!p.known()) p = loaded.sourceMap().nearest(pointer);
        return make(severity, check, pointer, p, message, hint);
    }

    private Diagnostic make(Severity severity, String check, String pointer, SourceMap.Position p,
                            String message, String hint) {
        return new Diagnostic(severity, check, loaded.fileName(), pointer, p.line(), p.column(), message, hint);
    }
}
