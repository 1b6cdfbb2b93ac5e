package io.minicontainer.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ProcStatTest {
    @Test
    void parsesStateAndStartTimeEvenWithParenthesesInTheName() {
        String stat = "4242 (a (weird) name) Z 1 4242 4242 0 -1 4194560 100 0 0 0 1 2 0 0 20 0 1 0 987654 1000 10";
        ProcStat s = ProcStat.parse(stat);
        assertEquals('Z', s.state());
        assertEquals(987654L, s.startTime());
        assertTrue(s.isZombie());
    }

    @Test
    void ownProcessIsAliveOnlyWithItsStartTime() {
        int self = (int) ProcessHandle.current().pid();
        ProcStat s = ProcStat.read(self).orElseThrow();
        assertTrue(ProcStat.isAlive(self, s.startTime()));
        assertFalse(ProcStat.isAlive(self, s.startTime() + 1), "another start time means pid reuse");
        assertFalse(ProcStat.isAlive(-1, 0));
    }
}
