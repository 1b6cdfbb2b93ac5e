package io.minicontainer.diag;

import java.util.List;

/** Invalid input: bad config, bad bundle, unknown container. Exits with ExitCode.INVALID_INPUT. */
public class UserError extends RuntimeException {
    private final List<Diagnostic> diagnostics;

    public UserError(String message) {
        this(message, List.of());
    }

    public UserError(String message, List<Diagnostic> diagnostics) {
        super(message);
        this.diagnostics = List.copyOf(diagnostics);
    }

    public List<Diagnostic> diagnostics() { return diagnostics; }
}
