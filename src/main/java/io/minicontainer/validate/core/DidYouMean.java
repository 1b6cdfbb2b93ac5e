package io.minicontainer.validate.core;

import java.util.Locale;
import java.util.Optional;

/** Finds the closest known name to a misspelt one, for "did you mean" hints. */
public final class DidYouMean {
    private DidYouMean() {}

    /**
     * A candidate that is either a longer form of the input (a truncated name such as "CAP_NET_BIND")
     * or within a small edit distance (transpositions count as one edit), compared case-insensitively.
     */
    public static Optional<String> closest(String input, Iterable<String> candidates) {
        if (input == null || input.isEmpty()) return Optional.empty();
        String in = input.toLowerCase(Locale.ROOT);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        int limit = Math.max(1, Math.min(3, in.length() / 3));
        for (String c : candidates) {
            String lc = c.toLowerCase(Locale.ROOT);
            if (lc.equals(in)) return Optional.of(c);
            int d = distance(in, lc);
            if (in.length() >= 3 && lc.startsWith(in)) d = Math.min(d, 1);
            if (d <= limit && d < bestDistance) {
                best = c;
                bestDistance = d;
            }
        }
        return Optional.ofNullable(best);
    }

    /** Optimal string alignment distance (Levenshtein plus adjacent transpositions). */
    static int distance(String a, String b) {
        int n = a.length(), m = b.length();
        if (Math.abs(n - m) > 3) return Math.abs(n - m);
        int[][] d = new int[n + 1][m + 1];
        for (int i = 0; i <= n; i++) d[i][0] = i;
        for (int j = 0; j <= m; j++) d[0][j] = j;
        for (int i = 1; i <= n; i++) {
            for (int j = 1; j <= m; j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[n][m];
    }
}
