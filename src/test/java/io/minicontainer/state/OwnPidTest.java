package io.minicontainer.state;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class OwnPidTest {
    @Test
    void theProcSelfLinkNamesThisProcess() {
        assertEquals(ProcessHandle.current().pid(), OwnPid.get());
    }
}
