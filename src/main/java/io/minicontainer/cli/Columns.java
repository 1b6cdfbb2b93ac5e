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

    /**
     * Rows as a table whose columns are each as wide as their widest cell, at least {@code minWidths} (one per
     * column but the last, which is never padded): a 64-character id (podman's) keeps the columns after it aligned.
     */
    static String table(java.util.List<Object[]> rows, int... minWidths) {
        int[] widths = minWidths.clone();
        for (Object[] row : rows) {
            for (int c = 0; c < widths.length; c++) widths[c] = Math.max(widths[c], String.valueOf(row[c]).length());
        }
        StringBuilder out = new StringBuilder();
        for (Object[] row : rows) {
            for (int c = 0; c < widths.length; c++) cell(out, row[c], widths[c]);
            last(out, row[widths.length]);
        }
        return out.toString();
    }

    /** The last cell of a line: the value as it is, then the line separator (as {@code %s%n}). */
    static StringBuilder last(StringBuilder line, Object value) {
        return line.append(value).append(System.lineSeparator());
    }
}
