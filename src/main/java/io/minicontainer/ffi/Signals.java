package io.minicontainer.ffi;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Linux signal numbers (x86-64/arm64 generic numbering) by name, as `kill` accepts them: 9, KILL, SIGKILL. */
public final class Signals {
    /** Compile-time constants: javac copies them into their users, so naming them loads no Signals class on a start path. */
    public static final int SIGKILL = 9, SIGTERM = 15;

    static final Map<String, Integer> BY_NAME = Map.ofEntries(
            Map.entry("HUP", 1), Map.entry("INT", 2), Map.entry("QUIT", 3), Map.entry("ILL", 4),
            Map.entry("TRAP", 5), Map.entry("ABRT", 6), Map.entry("IOT", 6), Map.entry("BUS", 7),
            Map.entry("FPE", 8), Map.entry("KILL", 9), Map.entry("USR1", 10), Map.entry("SEGV", 11),
            Map.entry("USR2", 12), Map.entry("PIPE", 13), Map.entry("ALRM", 14), Map.entry("TERM", 15),
            Map.entry("STKFLT", 16), Map.entry("CHLD", 17), Map.entry("CONT", 18), Map.entry("STOP", 19),
            Map.entry("TSTP", 20), Map.entry("TTIN", 21), Map.entry("TTOU", 22), Map.entry("URG", 23),
            Map.entry("XCPU", 24), Map.entry("XFSZ", 25), Map.entry("VTALRM", 26), Map.entry("PROF", 27),
            Map.entry("WINCH", 28), Map.entry("IO", 29), Map.entry("POLL", 29), Map.entry("PWR", 30),
            Map.entry("SYS", 31));
    private static final int SIGRTMAX = 64;

    private Signals() {}

    /**
     * "9", "KILL", "SIGKILL", "sigkill", "RTMIN+3", and "0" (only checks the process exists); empty when it is none of those.
     * No regex: the first Pattern (and the lambdas of its character classes) cost a `kill` with any signal but TERM and
     * KILL ~10 ms, once kill(2) itself no longer bound jnr-ffi (docs/STARTUP.md, "verbs"). SignalsTest holds it
     * against the patterns it replaced.
     */
    public static Optional<Integer> parse(String text) {
        String s = text.trim().toUpperCase(Locale.ROOT);
        if (digits(s, 0, Integer.MAX_VALUE)) { // \d+
            int n = Integer.parseInt(s.length() > 3 ? "999" : s);
            return n >= 0 && n <= SIGRTMAX ? Optional.of(n) : Optional.empty();
        }
        if (s.startsWith("SIG")) s = s.substring(3);
        Integer n = BY_NAME.get(s);
        if (n != null) return Optional.of(n);
        if (realtime(s, "RTMIN", '+')) return inRange(34 + offset(s));
        if (realtime(s, "RTMAX", '-')) return inRange(SIGRTMAX - offset(s));
        return Optional.empty();
    }

    /** NAME, or NAME followed by {@code sign} and one or two digits: NAME(\+\d{1,2})? */
    private static boolean realtime(String s, String name, char sign) {
        if (!s.startsWith(name)) return false;
        return s.length() == name.length()
                || s.length() > name.length() + 1 && s.charAt(name.length()) == sign && digits(s, name.length() + 1, 2);
    }

    /** At least one character from {@code from} on, at most {@code max}, all ASCII digits (regex \d). */
    private static boolean digits(String s, int from, int max) {
        int n = s.length() - from;
        if (n < 1 || n > max) return false;
        for (int i = from; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') return false;
        }
        return true;
    }

    private static int offset(String s) {
        int i = Math.max(s.indexOf('+'), s.indexOf('-'));
        return i < 0 ? 0 : Integer.parseInt(s.substring(i + 1));
    }

    private static Optional<Integer> inRange(int n) {
        return n >= 34 && n <= SIGRTMAX ? Optional.of(n) : Optional.empty();
    }
}
