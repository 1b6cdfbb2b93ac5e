package io.minicontainer.state;

import io.minicontainer.spec.Spec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Container states with odd contents, for comparing hand-written JSON with Jackson's: every field null or
 * not, strings with quotes, backslashes, every control character, DEL, 2- and 3-byte UTF-8, U+2028, U+FEFF,
 * U+FFFF, surrogate pairs, lone and reversed surrogates, empty and long strings (beyond Jackson's buffers),
 * null map values and list elements, the extremes of pid and start time.
 */
public final class RandomStates {
    private static final String[] PIECES = {"a", "Z", "0", "mc-1", "/run/x", " ", "\"", "\\", "/", "\\u0041", "\u0000", "\u0001",
        "\u0008", "\t", "\n", "\u000b", "\f", "\r", "\u001b", "\u001f", "\u007f", "\u0080", "\u00e9", "\u07ff", "\u0800",
        "\u2028", "\u2029", "\ufeff", "\uffff", "\ud83d\ude00", "\ud800", "\udfff", "\udc00\ud800", "\u4e2d\u6587", "{", "}", "[",
        "]", ",", ":", "null", "true", "1e5", "-0"};

    private final Random random;

    public RandomStates(long seed) { random = new Random(seed); }

    public String string() {
        int kind = random.nextInt(20);
        if (kind == 0) return "";
        StringBuilder s = new StringBuilder();
        int pieces = kind == 1 ? 3000 + random.nextInt(3000) : 1 + random.nextInt(8);
        for (int i = 0; i < pieces; i++) s.append(PIECES[random.nextInt(PIECES.length)]);
        return s.toString();
    }

    private String maybe() { return random.nextInt(5) == 0 ? null : string(); }

    private List<String> list() {
        if (random.nextInt(4) == 0) return null;
        List<String> l = new ArrayList<>();
        int n = random.nextInt(4);
        for (int i = 0; i < n; i++) l.add(maybe());
        return l;
    }

    private Map<String, String> map() {
        if (random.nextInt(4) == 0) return null;
        Map<String, String> m = new LinkedHashMap<>();
        int n = random.nextInt(5);
        for (int i = 0; i < n; i++) m.put(string(), maybe());
        return m;
    }

    private List<Spec.Hook> hooks() {
        if (random.nextInt(2) == 0) return null;
        List<Spec.Hook> l = new ArrayList<>();
        int n = random.nextInt(3);
        for (int i = 0; i < n; i++) {
            l.add(random.nextInt(6) == 0 ? null
                    : new Spec.Hook(maybe(), list(), list(), random.nextBoolean() ? null : Integer.valueOf(number())));
        }
        return l;
    }

    private int number() {
        return switch (random.nextInt(6)) {
            case 0 -> Integer.MAX_VALUE;
            case 1 -> Integer.MIN_VALUE;
            case 2 -> 0;
            case 3 -> -1 - random.nextInt(1000);
            default -> random.nextInt(4_194_304);
        };
    }

    private long startTime() {
        return switch (random.nextInt(6)) {
            case 0 -> Long.MAX_VALUE;
            case 1 -> Long.MIN_VALUE;
            case 2 -> 999_999_999_999_999_999L; // 18 digits
            case 3 -> 0;
            default -> random.nextLong() >>> random.nextInt(64);
        };
    }

    public ContainerState state() {
        Spec.Hooks hooks = random.nextInt(3) == 0 ? null
                : new Spec.Hooks(hooks(), hooks(), hooks(), hooks(), hooks(), hooks());
        String[] statuses = {ContainerState.CREATING, ContainerState.CREATED, ContainerState.RUNNING, null};
        return new ContainerState(random.nextInt(4) == 0 ? null : "1.2.0", maybe(), statuses[random.nextInt(statuses.length)],
                number(), maybe(), map(), maybe(), maybe(), startTime(), list(), list(), hooks, random.nextBoolean());
    }
}
