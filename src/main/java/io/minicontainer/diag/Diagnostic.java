package io.minicontainer.diag;

/**
 * One finding about a config. {@code line}/{@code column} are 1-based positions in the source file
 * (0 when unknown); {@code pointer} is an RFC 6901 JSON pointer ("" for the whole document).
 */
public record Diagnostic(Severity severity, String check, String file, String pointer, int line, int column,
                         String message, String hint) {

    public enum Severity { ERROR, WARNING }

    public boolean isError() { return severity == Severity.ERROR; }

    /** {@code config.json:14:9: /process/args: error: message (hint)} */
    public String format() {
        StringBuilder b = new StringBuilder();
        b.append(file == null ? "config.json" : file);
        if (line > 0) b.append(':').append(line).append(':').append(column);
        b.append(": ");
        b.append(pointer == null || pointer.isEmpty() ? "/" : pointer).append(": ");
        if (severity == Severity.WARNING) b.append("warning: ");
        b.append(message);
        if (hint != null && !hint.isEmpty()) b.append(" (").append(hint).append(')');
        return printable(b);
    }

    /** A config's NUL or escape characters quoted back must not reach the terminal raw: shown as a backslash-u escape. */
    private static String printable(CharSequence s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f) out.append("\\" + String.format("u%04x", (int) c)); else out.append(c);
        }
        return out.toString();
    }
}
