package io.minicontainer.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minicontainer.spec.SpecLoader;
import java.util.List;
import org.junit.jupiter.api.Test;

/** linux.personality and process.ioPriority become helper steps, before the ids change, citing their fields. */
class ProcessAttributesPlanTest {
    @Test
    void personalityAndIoPriorityAreStepsBeforeSetuid() {
        String json = "{'ociVersion':'1.2.0','root':{'path':'rootfs'},'process':{'args':['/bin/sh'],'cwd':'/',"
                + "'user':{'uid':1000,'gid':1000},'ioPriority':{'class':'IOPRIO_CLASS_RT','priority':2}},"
                + "'linux':{'namespaces':[{'type':'pid'},{'type':'mount'}],'personality':{'domain':'LINUX32'}}}";
        Plan plan = Planner.plan(SpecLoader.parse("config.json", json.replace('\'', '"')).spec(),
                PlanRequest.forRun("t", "/bundle"), TestFacts.hybrid());
        List<Step> steps = plan.steps();
        int persona = -1, io = -1, setuid = -1;
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i) instanceof NativeStep.SetPersonality) persona = i;
            if (steps.get(i) instanceof NativeStep.SetIoPriority) io = i;
            if (steps.get(i) instanceof NativeStep.SetUid) setuid = i;
        }
        assertTrue(persona > 0 && io > 0 && io < setuid && persona < setuid, steps.toString());
        NativeStep.SetPersonality p = (NativeStep.SetPersonality) steps.get(persona);
        assertEquals(8L, p.ints()[0]);
        assertEquals(List.of("/linux/personality/domain"), p.sources());
        assertEquals("personality LINUX32 (0x8)", p.describe());
        NativeStep.SetIoPriority s = (NativeStep.SetIoPriority) steps.get(io);
        assertEquals((1L << 13) | 2, s.ints()[0]);
        assertEquals(Op.IOPRIO_SET, s.op());
        assertEquals(List.of("/process/ioPriority"), s.sources());
    }
}
