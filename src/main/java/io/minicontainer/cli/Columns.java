package io.minicontainer.cli;

/**
 * Left-justified table columns, as {@code %-Ns} pads them, without java.util.Formatter: the first
 * String.format of a cold JVM measured 21-27 ms here (launcher flags, 7 runs), about half the empty
 * JVM that `list` and `ps` are compared with (docs/STARTUP.md).
 */
final class Columns {
    private Columns() {}

    /** {@code value} padded with blanks to at least {@code width} characters (never cut), then one blank. */
    static StringBuilder cell(StringBuilder line, Object value, int width) {
        String s = String.valueOf(value);
        line.append(s);
        for (int i = s.length(); i < width; i++) line.append(' ');
        return line.append(' ');
    }

    /** The last cell of a line: the value as it is, then the line separator (as {@code %s%n}). */
    static StringBuilder last(StringBuilder line, Object value) {
        return line.append(value).append(System.lineSeparator());
    }
}
