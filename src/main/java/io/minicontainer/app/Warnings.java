package io.minicontainer.app;

import io.minicontainer.diag.Diagnostic;

/** Where the application layer sends warnings: the command line prints them (and copies them to --log). */
public interface Warnings {
    void warning(String message);

    /**
     * A config finding that is only a warning. Its format already names the severity after the position
     * ("config.json:3:5: /x: warning: ..."), so a printer must not prefix it with "warning:" again.
     */
    void diagnostic(Diagnostic d);
}
