package io.minicontainer.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TimestampsTest {
    @Test
    void sameTextAsInstant() {
        long[] seconds = {0, 59, 60, 61, 3599, 3600, 86399, 86400, -1, -60, -86400, 951782400 /* 2000-02-29 */,
                -62167219200L, -62167219201L, 253402300799L, 253402300800L, 1_800_000_000L};
        int[] nanos = {0, 1, 999, 1000, 1_000_000, 1_001_000, 1_000_001, 123_456_789, 999_999_999, 100_000_000, 10};
        for (long s : seconds) for (int n : nanos) check(Instant.ofEpochSecond(s, n));
        SplittableRandom r = new SplittableRandom(13);
        for (int i = 0; i < 20_000; i++) {
            int n = switch (i % 4) { case 0 -> 0; case 1 -> r.nextInt(1000) * 1_000_000; case 2 -> r.nextInt(1_000_000) * 1000;
                default -> r.nextInt(1_000_000_000); };
            long s = r.nextLong(-70_000_000_000L, 260_000_000_000L);
            check(Instant.ofEpochSecond(s - s % (i % 3 == 0 ? 60 : 1), n));
        }
        for (int i = 0; i < 100; i++) check(Instant.now());
    }

    private static void check(Instant i) {
        assertEquals(i.toString(), Timestamps.format(i), () -> i.getEpochSecond() + "s " + i.getNano() + "ns");
    }
}
