package io.minicontainer.audit;

/**
 * One rule's finding about one place of the config.
 *
 * @param pointer    the field to change (or the nearest one that exists, for a missing field)
 * @param line       1-based position of that pointer in the file, 0 when unknown
 * @param suppressed why the rule is disabled (annotation or command line), null when it is not
 */
public record Finding(Rule rule, String pointer, int line, int column, String message, String suppressed) {
    public boolean active() { return suppressed == null; }

    public Severity severity() { return rule.severity(); }

    Finding suppress(String reason) { return new Finding(rule, pointer, line, column, message, reason); }
}
