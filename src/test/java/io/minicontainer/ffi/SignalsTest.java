package io.minicontainer.ffi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class SignalsTest {
    @Test
    void numbersNamesAndSigNames() {
        assertEquals(Optional.of(9), Signals.parse("9"));
        assertEquals(Optional.of(9), Signals.parse("KILL"));
        assertEquals(Optional.of(9), Signals.parse("SIGKILL"));
        assertEquals(Optional.of(15), Signals.parse("sigterm"));
        assertEquals(Optional.of(10), Signals.parse("USR1"));
        assertEquals(Optional.of(0), Signals.parse("0"));
        assertEquals(Optional.of(34), Signals.parse("RTMIN"));
        assertEquals(Optional.of(37), Signals.parse("SIGRTMIN+3"));
        assertEquals(Optional.of(62), Signals.parse("RTMAX-2"));
    }

    @Test
    void nonsenseIsEmpty() {
        for (String s : new String[] {"", "NOPE", "65", "-1", "SIG", "99999999999", "RTMIN+40"}) {
            assertEquals(Optional.empty(), Signals.parse(s), s);
        }
    }

    /** The patterns parse used before it was written without regexes (docs/STARTUP.md, "verbs"). */
    private static Optional<Integer> byPatterns(String text) {
        String s = text.trim().toUpperCase(java.util.Locale.ROOT);
        if (s.matches("\\d+")) {
            int n = Integer.parseInt(s.length() > 3 ? "999" : s);
            return n >= 0 && n <= 64 ? Optional.of(n) : Optional.empty();
        }
        if (s.startsWith("SIG")) s = s.substring(3);
        Integer n = Signals.BY_NAME.get(s);
        if (n != null) return Optional.of(n);
        if (s.matches("RTMIN(\\+\\d{1,2})?")) return inRange(34 + offset(s));
        if (s.matches("RTMAX(-\\d{1,2})?")) return inRange(64 - offset(s));
        return Optional.empty();
    }

    private static int offset(String s) {
        int i = Math.max(s.indexOf('+'), s.indexOf('-'));
        return i < 0 ? 0 : Integer.parseInt(s.substring(i + 1));
    }

    private static Optional<Integer> inRange(int n) { return n >= 34 && n <= 64 ? Optional.of(n) : Optional.empty(); }

    @Test
    void theSameAnswersAsThePatterns() {
        java.util.List<String> cases = new java.util.ArrayList<>(java.util.List.of("", " ", "9", "09", "009", "0009", "64", "65", "٣",
                "1a", "+1", "-1", "RTMIN", "RTMIN+", "RTMIN+1", "RTMIN+30", "RTMIN+31", "RTMIN+001", "RTMIN-1", "RTMIN+1a",
                "RTMAX", "RTMAX-", "RTMAX-2", "RTMAX-30", "RTMAX-31", "RTMAX+1", "RTMAX-002", "sigrtmin+3", "SIGRTMAX-0",
                "RTMINX", "RTMAXX", "SIGSIGKILL", "SIG", "KILL", " kill ", "usr1", "sigusr2", "IOT", "\tHUP\n"));
        java.util.Random random = new java.util.Random(13);
        String alphabet = "0123456789+-SIGRTMINAXKLUHPs ";
        for (int i = 0; i < 20_000; i++) {
            StringBuilder b = new StringBuilder(random.nextBoolean() ? (random.nextBoolean() ? "RTMIN" : "RTMAX") : "");
            for (int k = random.nextInt(5); k > 0; k--) b.append(alphabet.charAt(random.nextInt(alphabet.length())));
            cases.add(b.toString());
        }
        for (String c : cases) assertEquals(byPatterns(c), Signals.parse(c), "'" + c + "'");
    }
}
