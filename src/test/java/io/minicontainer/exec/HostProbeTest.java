package io.minicontainer.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class HostProbeTest {
    /** sysctl files answer EOF to a read at offset > 0: a byte-wise reader saw "4" of "40". */
    @Test
    void lastCapIsTheWholeNumber() throws Exception {
        Process cat = new ProcessBuilder("cat", "/proc/sys/kernel/cap_last_cap").start();
        int expected = Integer.parseInt(new String(cat.getInputStream().readAllBytes()).trim());
        cat.waitFor();
        assertEquals(expected, HostProbe.lastCap());
        assertEquals(expected, HostProbe.facts().lastCap());
    }
}
