package io.minicontainer.cli;

import java.util.List;

/**
 * --format is a plain string (the fast argument parsers set it without picocli), so each verb checks it here,
 * first thing, before any work: an unknown format is a usage error (64) on every verb, not invalid input.
 */
final class FormatOption {
    private FormatOption() {}

    static void require(String value, String... known) {
        List<String> names = List.of(known);
        if (names.contains(value)) return;
        String expected = names.size() == 1 ? names.get(0)
                : String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1);
        throw new UsageError("--format " + value + ": expected " + expected);
    }
}
