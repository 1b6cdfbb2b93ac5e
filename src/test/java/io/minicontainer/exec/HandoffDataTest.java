package io.minicontainer.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minicontainer.plan.HostStep;
import io.minicontainer.plan.NativeStep;
import io.minicontainer.plan.Plan;
import io.minicontainer.plan.Step;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The cleanup the supervisor runs after a handoff, as Java encodes it, and when the JVM keeps the wait instead. */
class HandoffDataTest {
    record Rec(char tag, String text) {}

    static List<Rec> decode(byte[] data) {
        ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        List<Rec> out = new ArrayList<>();
        while (b.hasRemaining()) {
            char tag = (char) b.get();
            byte[] text = new byte[b.getInt()];
            b.get(text);
            out.add(new Rec(tag, new String(text, StandardCharsets.UTF_8)));
        }
        return out;
    }

    private static final String PIDS = "/sys/fs/cgroup/pids/mini-container", MEM = "/sys/fs/cgroup/memory/mini-container";

    static Plan plan(List<HostStep.RunHook> poststop) {
        List<Step> steps = List.of(new NativeStep.CgroupJoin(PIDS + "/c1/cgroup.procs", false, List.of()),
                new NativeStep.CgroupJoin(MEM + "/c1/cgroup.procs", false, List.of()),
                new NativeStep.CgroupJoin("/sys/fs/cgroup/unified/cgroup.procs", true, List.of()));
        List<HostStep.CgroupRemove> cleanup = List.of(new HostStep.CgroupRemove(PIDS + "/c1", List.of("/linux/resources/pids/limit")),
                new HostStep.CgroupRemove(MEM + "/c1", List.of()), new HostStep.CgroupRemove(PIDS, List.of()));
        return new Plan("c1", "/rootfs", steps, cleanup, poststop);
    }

    @Test
    void encodesTheCleanupInJavasOrderAndEndsWithTheCommit() {
        List<Rec> recs = decode(HandoffData.encode(plan(List.of()), 4242, Path.of("/run/mc/c1"), Path.of("/run/mc/.c1.lock")).committed("15:1"));
        assertEquals(new Rec('H', "4242"), recs.get(0));
        // the container's own dirs are emptied and removed, the shared parent only removed, with the config pointers for a failure line
        assertEquals(List.of(new Rec('C', PIDS + "/c1\0 (from /linux/resources/pids/limit)"), new Rec('C', MEM + "/c1\0"),
                new Rec('P', PIDS + "\0")), recs.stream().filter(r -> r.tag() == 'C' || r.tag() == 'P').toList());
        // the OOM counters are read from the dirs the container stays in (not the one the helper leaves)
        assertEquals(List.of(PIDS + "/c1", MEM + "/c1"), recs.stream().filter(r -> r.tag() == 'O').map(Rec::text).toList());
        assertEquals(ForegroundRun.OOM_MESSAGE, text(recs, 'M'));
        assertEquals("mini-container: ", text(recs, 'E'));
        assertTrue(text(recs, 'K').startsWith("mini-container: warning: the state of c1 is kept in /run/mc/c1"), text(recs, 'K'));
        assertEquals("/run/mc/c1", text(recs, 'S'));
        assertEquals("/run/mc/.c1.lock", text(recs, 'L'));
        assertEquals(List.of(new Rec('R', "15:1"), new Rec('Z', "")), recs.subList(recs.size() - 2, recs.size()));
    }

    @Test
    void noLockFileNoLockRecord() {
        List<Rec> recs = decode(HandoffData.encode(plan(List.of()), 1, Path.of("/run/mc/c1"), null).committed(""));
        assertNull(text(recs, 'L'));
        assertEquals('Z', recs.get(recs.size() - 1).tag());
    }

    @Test
    void theJvmKeepsTheWaitOnlyForWhatOnlyJavaCanDo() {
        Supervisor sup = new Supervisor(99, 5);
        assertNull(ForegroundRun.keepsJvmBecause(sup, plan(List.of()), false, false), "nothing against the handoff");
        assertNotNull(ForegroundRun.keepsJvmBecause(null, plan(List.of()), false, false), "java started without the supervisor");
        assertTrue(ForegroundRun.keepsJvmBecause(sup, plan(List.of()), true, false).startsWith("--keep"));
        HostStep.RunHook hook = new HostStep.RunHook("poststop", 0, "/bin/true", List.of(), List.of(), null, "stopped", List.of());
        assertTrue(ForegroundRun.keepsJvmBecause(sup, plan(List.of(hook)), false, false).startsWith("poststop hooks"));
        assertTrue(ForegroundRun.keepsJvmBecause(sup, plan(List.of()), false, true).startsWith("--log"));
    }

    @Test
    void theSupervisorPropertyIsPidColonFd() {
        Supervisor s = Supervisor.parse("123:4");
        assertEquals(123, s.pid());
        assertEquals(4, s.dataFd());
        for (String bad : new String[] {null, "", "123", ":4", "123:", "1:4", "123:2", "x:4", "123:y"}) {
            assertNull(Supervisor.parse(bad), bad);
        }
    }

    static String text(List<Rec> recs, char tag) {
        return recs.stream().filter(r -> r.tag() == tag).map(Rec::text).findFirst().orElse(null);
    }
}
