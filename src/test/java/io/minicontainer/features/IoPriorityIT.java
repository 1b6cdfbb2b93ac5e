package io.minicontainer.features;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.minicontainer.testing.ContainerFixture;
import io.minicontainer.testing.ContainerFixture.Result;
import org.junit.jupiter.api.Test;

/** process.ioPriority: the I/O class and priority of the container's process, read back with ionice inside. */
class IoPriorityIT {
    private static String ionice(String ioClass, int priority, boolean nonRoot) throws Exception {
        try (ContainerFixture c = ContainerFixture.create()) {
            c.process().putObject("ioPriority").put("class", ioClass).put("priority", priority);
            if (nonRoot) c.process().putObject("user").put("uid", 1000).put("gid", 1000);
            Result r = c.shell("echo io=$(ionice -p $$)").run();
            assertEquals(0, r.exitCode(), r.dump());
            c.assertNothingLeft();
            return r.value("io");
        }
    }

    @Test
    void eachClassAndPriorityIsSetForTheProcess() throws Exception {
        assertEquals("idle", ionice("IOPRIO_CLASS_IDLE", 0, false).replaceAll(":.*", ""));
        assertEquals("best-effort: prio 6", ionice("IOPRIO_CLASS_BE", 6, false));
        // the real-time class needs CAP_SYS_ADMIN: it is set before the user changes
        assertEquals("realtime: prio 2", ionice("IOPRIO_CLASS_RT", 2, true));
    }
}
