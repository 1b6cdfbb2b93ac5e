package io.minicontainer.audit;

import java.util.Locale;

/** How much a finding weakens isolation; ordered, so {@code --fail-on} compares. */
public enum Severity {
    LOW, MEDIUM, HIGH, CRITICAL;

    public String lower() { return name().toLowerCase(Locale.ROOT); }

    /** "high" or "HIGH"; null when the word is none of them. */
    public static Severity parse(String word) {
        for (Severity s : values()) if (s.name().equalsIgnoreCase(word)) return s;
        return null;
    }

    /** SARIF's result level: the two highest are errors, medium a warning, low a note. */
    public String sarifLevel() {
        return switch (this) {
            case CRITICAL, HIGH -> "error";
            case MEDIUM -> "warning";
            case LOW -> "note";
        };
    }
}
