package io.minicontainer.timing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TimingTest {
    @Test
    void millisLooksLikePrintfWithOneDecimal() {
        for (long nanos : new long[] {0, 49_999, 50_000, 123_456, 1_000_000, 216_349_999, 9_999_950_000L, 123_456_789_000L}) {
            assertEquals(String.format(java.util.Locale.ROOT, "%8.1f", nanos / 1e6), Timing.millis(nanos, 8), "nanos " + nanos);
        }
        assertEquals("   0.3", Timing.millis(300_000, 6));
    }

    @Test
    void threadCpuIsThisThreadsTimeInNanoseconds() {
        long before = Timing.threadCpu();
        long spin = 0;
        for (int i = 0; i < 5_000_000; i++) spin += i ^ spin;
        long after = Timing.threadCpu();
        assertTrue(before > 0 && after >= before, before + " -> " + after + " (" + spin + ")");
    }
}
