package io.minicontainer.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.minicontainer.spec.LoadedSpec;
import io.minicontainer.spec.SpecLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every hook is a plan step with its pointer, at the moment the runtime-spec gives it. */
class HookStepsTest {
    private static final PlanRequest RUN = PlanRequest.forRun("t1", "/bundle");

    private static Plan plan() {
        LoadedSpec loaded = SpecLoader.load(Path.of(System.getProperty("mc.basedir", "")).toAbsolutePath().resolve("examples/hooks.json"));
        return Planner.plan(loaded.spec(), RUN, TestFacts.hybrid());
    }

    private static int indexOf(Plan plan, java.util.function.Predicate<Step> p) {
        for (int i = 0; i < plan.steps().size(); i++) if (p.test(plan.steps().get(i))) return i;
        throw new AssertionError("no such step");
    }

    private static int hook(Plan plan, String stage) {
        return indexOf(plan, s -> s.sources().contains("/hooks/" + stage + "/0"));
    }

    @Test
    void hooksSitAtTheSpecsMoments() {
        Plan plan = plan();
        int pause = indexOf(plan, s -> s instanceof NativeStep.HookPause);
        int pivot = indexOf(plan, s -> s instanceof NativeStep.PivotRoot);
        int exec = indexOf(plan, s -> s instanceof NativeStep.Exec);
        int lastMount = -1;
        for (int i = 0; i < pivot; i++) if (plan.steps().get(i) instanceof NativeStep.Mount) lastMount = i;
        assertTrue(lastMount < pause, "the namespaces and the mounts exist before the pause");
        assertEquals(List.of(pause + 1, pause + 2, pause + 3, pivot),
                List.of(hook(plan, "prestart"), hook(plan, "createRuntime"), hook(plan, "createContainer"), pause + 4));
        assertTrue(plan.steps().get(hook(plan, "prestart")) instanceof HostStep.RunHook, "prestart: runtime namespaces");
        assertTrue(plan.steps().get(hook(plan, "createContainer")) instanceof NativeStep.ContainerHook, "createContainer: container namespaces");
        assertEquals(exec - 1, hook(plan, "startContainer"), "startContainer: just before the user's program");
        assertTrue(plan.steps().get(hook(plan, "startContainer")) instanceof NativeStep.ContainerHook);
        assertEquals(exec + 1, hook(plan, "poststart"));
        assertEquals(List.of("/hooks/poststop/0"), plan.poststop().get(0).sources());
        assertEquals(List.of(plan.steps().get(pause + 1), plan.steps().get(pause + 2)), plan.hooksAfter(pause));
    }

    @Test
    void theContainerSideStateIsTheSpecsDocumentAroundThePid() throws Exception {
        NativeStep.ContainerHook h = (NativeStep.ContainerHook) plan().steps().get(hook(plan(), "createContainer"));
        JsonNode state = new ObjectMapper().readTree(h.statePrefix() + "42" + h.stateSuffix());
        assertEquals("t1", state.get("id").asText());
        assertEquals("created", state.get("status").asText());
        assertEquals(42, state.get("pid").asInt());
        assertEquals("/bundle", state.get("bundle").asText());
        assertEquals(HookSteps.OCI_VERSION, state.get("ociVersion").asText());
        assertTrue(state.get("annotations").isObject());
    }

    @Test
    void wireFormatOfAContainerHook() {
        NativeStep.ContainerHook h = (NativeStep.ContainerHook) plan().steps().get(hook(plan(), "startContainer"));
        assertEquals(36, h.op().code);
        assertEquals(List.of(1L, 5L, 3L, 0L), toList(h.ints()));
        assertEquals(List.of("/bin/sh", "sh", "-c", "test -d /tmp"), h.strs().subList(0, 4));
        assertEquals(6, h.strs().size(), "path, 3 args, no env, state prefix and suffix");
        assertEquals(List.of(0L, 0L, 0L, 0L), toList(new NativeStep.HookPause(List.of()).ints()));
    }

    private static List<Long> toList(long[] a) {
        List<Long> out = new ArrayList<>();
        for (long v : a) out.add(v);
        return out;
    }
}
