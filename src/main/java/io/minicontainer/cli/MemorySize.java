package io.minicontainer.cli;

import io.minicontainer.diag.UserError;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The quick form's --memory: megabytes by default, or a k/m/g/t suffix (powers of 1024, case-insensitive). */
final class MemorySize {
    private static final Pattern SIZE = Pattern.compile("([0-9]+)\\s*([kmgt]?)(i?b)?");

    private MemorySize() {}

    static long bytes(String text) {
        Matcher m = SIZE.matcher(text == null ? "" : text.strip().toLowerCase(Locale.ROOT));
        if (!m.matches() || (m.group(2).isEmpty() && m.group(3) != null)) throw invalid(text);
        int shift = switch (m.group(2)) {
            case "k" -> 10;
            case "g" -> 30;
            case "t" -> 40;
            default -> 20; // no suffix or "m": megabytes
        };
        try {
            long n = Long.parseLong(m.group(1));
            if (n == 0) throw new UserError("--memory " + text + ": a limit of 0 would kill the container at once (give e.g. 512m or 1g)");
            if (n > (Long.MAX_VALUE >> shift)) throw invalid(text);
            return n << shift;
        } catch (NumberFormatException e) {
            throw invalid(text);
        }
    }

    private static UserError invalid(String text) {
        return new UserError("--memory " + text + ": not a size (give megabytes such as 512, or a suffix: 64k, 512m, 1g)");
    }
}
