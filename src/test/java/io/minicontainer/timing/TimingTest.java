package io.minicontainer.timing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class TimingTest {
    @Test
    void millisLooksLikePrintfWithOneDecimal() {
        for (long nanos : new long[] {0, 49_999, 50_000, 123_456, 1_000_000, 216_349_999, 9_999_950_000L, 123_456_789_000L}) {
            assertEquals(String.format(java.util.Locale.ROOT, "%8.1f", nanos / 1e6), Timing.millis(nanos, 8), "nanos " + nanos);
        }
        assertEquals("   0.3", Timing.millis(300_000, 6));
    }
}
