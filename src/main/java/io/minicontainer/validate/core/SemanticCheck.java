package io.minicontainer.validate.core;

import io.minicontainer.spec.Spec;

/**
 * One named rule about a bound spec (like runc's validators). Checks only name the JSON pointer;
 * the validator turns it into file:line:column.
 */
public interface SemanticCheck {
    /** Short kebab-case name, shown as the diagnostic's check. */
    String name();

    void check(Spec spec, Sink sink);

    /** Where a check reports; {@code hint} may be null. */
    interface Sink {
        void error(String pointer, String message, String hint);

        void warning(String pointer, String message, String hint);

        default void error(String pointer, String message) { error(pointer, message, null); }

        default void warning(String pointer, String message) { warning(pointer, message, null); }
    }
}
