package io.minicontainer.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minicontainer.spec.LoadedSpec;
import io.minicontainer.spec.SpecLoader;
import io.minicontainer.validate.core.HelperLimits;
import io.minicontainer.validate.Validator;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The planner's backstop: a plan the helper would reject as a protocol error is refused with the field that made it. */
class HelperLimitsTest {
    private static List<Step> masks(int n, String path) {
        List<Step> steps = new ArrayList<>();
        for (int i = 0; i < n; i++) steps.add(new NativeStep.MaskPath(path, List.of("/linux/maskedPaths/" + i)));
        return steps;
    }

    @Test
    void exactlyTheHelpersStepLimitPassesAndOneMoreNamesTheStepThatCrossesIt() {
        PlanSize.check(masks(HelperLimits.MAX_STEPS, "/p"));
        PlanException e = assertThrows(PlanException.class, () -> PlanSize.check(masks(HelperLimits.MAX_STEPS + 1, "/p")));
        assertEquals("/linux/maskedPaths/4096", e.pointer());
        assertEquals("the plan needs more than 4096 helper steps", e.getMessage());
    }

    @Test
    void aStringOverTheHelpersStringLimitIsNamed() {
        PlanException e = assertThrows(PlanException.class,
                () -> PlanSize.check(masks(1, "/" + "x".repeat(HelperLimits.MAX_STR_LEN))));
        assertEquals("/linux/maskedPaths/0", e.pointer());
        assertTrue(e.getMessage().contains("1048577 bytes"), e.getMessage());
    }

    @Test
    void thePlanSizeIsCountedAsTheHelperCountsIt() {
        // all 2100 steps cost 32 bytes up front; then each mask step adds 16 (string) + len + 1
        String path = "/" + "p".repeat(8191);
        PlanException e = assertThrows(PlanException.class, () -> PlanSize.check(masks(2100, path)));
        long perStep = 16 + 8192 + 1;
        long crossing = (HelperLimits.MAX_PLAN_BYTES - 32L * 2100) / perStep; // index of the step that crosses
        assertEquals("/linux/maskedPaths/" + crossing, e.pointer());
    }

    @Test
    void aLongBundleDirectoryThatOnlyThePlanSeesIsRefusedWithTheMountThatCrossesTheLimit() {
        StringBuilder json = new StringBuilder("{'ociVersion':'1.0.2','root':{'path':'rootfs'},'process':{'args':['/bin/sh'],'cwd':'/'},"
                + "'linux':{'namespaces':[{'type':'pid'},{'type':'mount'}]},'mounts':[");
        for (int i = 0; i < 1400; i++) json.append(i == 0 ? "" : ",").append("{'destination':'/m").append(i).append("','type':'bind','source':'data','options':['rbind','ro']}");
        json.append("]}");
        LoadedSpec loaded = SpecLoader.parse("config.json", json.toString().replace('\'', '"'));
        assertEquals(List.of(), Validator.validate(loaded, false).errors(), "validation estimates a short bundle directory");
        String bundle = "/" + "b".repeat(4000);
        PlanException e = assertThrows(PlanException.class,
                () -> Planner.plan(loaded.spec(), PlanRequest.forRun("t", bundle), TestFacts.hybrid()));
        assertTrue(e.pointer().startsWith("/mounts/"), e.pointer());
        assertTrue(e.getMessage().contains("MiB"), e.getMessage());
    }
}
