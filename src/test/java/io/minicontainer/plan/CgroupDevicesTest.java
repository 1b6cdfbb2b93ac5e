package io.minicontainer.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minicontainer.cgroup.CgroupLayout;
import io.minicontainer.cgroup.DeviceRules;
import io.minicontainer.cgroup.Samples;
import io.minicontainer.plan.HostStep.CgroupWrite;
import io.minicontainer.spec.Spec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** linux.resources.devices per layout: v1 devices.allow/deny writes, v2 a BPF filter step. */
class CgroupDevicesTest {
    static final String DIR = "/sys/fs/cgroup/devices/mini-container/c1/";
    static final List<String> RUNC_DEFAULTS = List.of(
            "allow c *:* m", "allow b *:* m", "allow c 1:3 rwm", "allow c 1:8 rwm", "allow c 1:7 rwm",
            "allow c 5:0 rwm", "allow c 1:5 rwm", "allow c 1:9 rwm", "allow c 136:* rwm",
            "allow c 5:2 rwm", "allow c 10:200 rwm");

    static Spec.Resources devices(Spec.DeviceRule... rules) {
        return new Spec.Resources(null, null, null, List.of(rules));
    }

    static Spec.DeviceRule rule(boolean allow, String type, Long major, Long minor, String access) {
        return new Spec.DeviceRule(allow, type, major, minor, access);
    }

    /** The devices writes as "allow LINE <- sources" / "deny LINE <- sources". */
    static List<String> deviceWrites(CgroupSetup s) {
        return s.setup().stream().filter(st -> st instanceof CgroupWrite w && w.file().startsWith(DIR))
                .map(st -> (CgroupWrite) st)
                .map(w -> (w.file().endsWith("devices.allow") ? "allow " : "deny ") + w.value() + " <- " + w.sources())
                .toList();
    }

    static int indexOf(CgroupSetup s, java.util.function.Predicate<HostStep> p) {
        for (int i = 0; i < s.setup().size(); i++) if (p.test(s.setup().get(i))) return i;
        return -1;
    }

    @Test
    void v1WritesConfigRulesInOrderThenRuncDefaults() {
        CgroupSetup s = CgroupPlanner.plan(Samples.v1(), Map.of(), "/mini-container/c1", devices(
                rule(false, null, null, null, "rwm"),
                rule(true, "c", 10L, 229L, "rw"),
                rule(false, "b", 8L, null, "wm")));
        List<String> w = deviceWrites(s);
        assertEquals("deny a <- [/linux/resources/devices/0]", w.get(0), "deny-all first, as \"a\" to devices.deny");
        assertEquals("allow c 10:229 rw <- [/linux/resources/devices/1]", w.get(1));
        assertEquals("deny b 8:* wm <- [/linux/resources/devices/2]", w.get(2));
        List<String> defaults = w.subList(3, w.size()).stream().map(x -> x.replace(" <- []", "")).toList();
        assertEquals(RUNC_DEFAULTS, defaults, "runc's allow list follows, citing no config field");
        assertTrue(s.procsFiles().contains(DIR + "cgroup.procs"), "the helper joins the devices cgroup before clone");
        int create = indexOf(s, st -> st instanceof HostStep.CgroupCreate c && (c.dir() + "/").equals(DIR));
        int firstWrite = indexOf(s, st -> st instanceof CgroupWrite cw && cw.file().startsWith(DIR));
        assertTrue(create >= 0 && create < firstWrite, "the devices cgroup is made before its rules are written");
    }

    @Test
    void v1WithoutRulesStillJoinsAndWritesOnlyTheDefaults() {
        CgroupSetup s = CgroupPlanner.plan(Samples.v1(), Map.of(), "/mini-container/c1", null);
        assertEquals(RUNC_DEFAULTS, deviceWrites(s).stream().map(x -> x.replace(" <- []", "")).toList());
        assertNull(s.deviceFilter());
    }

    @Test
    void accessIsNormalisedAndDefaultsToRwm() {
        CgroupSetup s = CgroupPlanner.plan(Samples.hybrid(), Map.of(), "/mini-container/c1", devices(
                rule(false, "a", null, null, null), rule(true, "c", 1L, 3L, "wr")));
        assertEquals("deny a <- [/linux/resources/devices/0]", deviceWrites(s).get(0));
        assertEquals("allow c 1:3 rw <- [/linux/resources/devices/1]", deviceWrites(s).get(1));
    }

    @Test
    void v1WithoutDevicesHierarchyRefusesRulesButNotTheDefaults() {
        CgroupLayout noDevices = new CgroupLayout(Map.of("memory", "/sys/fs/cgroup/memory", "pids", "/sys/fs/cgroup/pids"),
                null, java.util.Set.of());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CgroupPlanner.plan(noDevices, Map.of(), "/c", devices(rule(false, null, null, null, "rwm"))));
        assertTrue(e.getMessage().contains("/linux/resources/devices") && e.getMessage().contains("devices controller"),
                e.getMessage());
        CgroupSetup s = CgroupPlanner.plan(noDevices, Map.of(), "/c", null);
        assertTrue(s.setup().stream().noneMatch(st -> st.describe().contains("devices")));
    }

    @Test
    void rulesTheKernelWouldWidenAreRefused() {
        for (Spec.DeviceRule bad : List.of(
                rule(true, "a", 1L, 3L, "rwm"),       // "a 1:3 rwm" reads as "a": every device
                rule(true, "a", null, null, "r"),     // so does "a *:* r"
                rule(true, "x", null, null, "rwm"),
                rule(true, "c", 1L, 3L, "rwx"),
                rule(true, "c", -2L, 3L, "r"),
                rule(true, "c", 1L << 32, 3L, "r"))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> CgroupPlanner.plan(Samples.v1(), Map.of(), "/c", devices(rule(false, "a", null, null, "rwm"), bad)),
                    bad.toString());
            assertTrue(e.getMessage().startsWith("/linux/resources/devices/1"), e.getMessage());
        }
    }

    @Test
    void v2AttachesAFilterThatShowsItsRules() {
        CgroupSetup s = CgroupPlanner.plan(Samples.v2(), Map.of(), "/mini-container/c1", devices(
                rule(false, null, null, null, "rwm"), rule(true, "c", 10L, 229L, "rw")));
        NativeStep.DeviceFilter f = s.deviceFilter();
        assertEquals("/sys/fs/cgroup/mini-container/c1", f.cgroupDir());
        assertEquals(List.of("/linux/resources/devices"), f.sources());
        assertEquals(2 + RUNC_DEFAULTS.size(), f.rules().size());
        assertTrue(f.describe().startsWith("attach BPF device filter ("), f.describe());
        assertTrue(f.describe().contains("deny a *:* rwm [/linux/resources/devices/0]; allow c 10:229 rw [/linux/resources/devices/1]; allow c *:* m;"),
                f.describe());
        // the helper gets exactly the program the listed rules compile to, one instruction per int
        org.junit.jupiter.api.Assertions.assertArrayEquals(DeviceFilterProgram.compile(f.rules()), f.ints());
        assertTrue(s.setup().stream().noneMatch(st -> st.describe().contains("devices.")), "v2 has no devices files");
    }

    @Test
    void v2RefusesAProgramTooLargeForOneHelperStep() {
        Spec.DeviceRule[] many = new Spec.DeviceRule[9000];
        for (int i = 0; i < many.length; i++) many[i] = rule(true, "c", 4L, (long) i, "rw");
        DeviceRules.InvalidRule e = org.junit.jupiter.api.Assertions.assertThrows(DeviceRules.InvalidRule.class,
                () -> CgroupPlanner.plan(Samples.v2(), Map.of(), "/c", devices(many)));
        assertEquals("/linux/resources/devices", e.pointer());
        assertTrue(e.getMessage().contains("BPF instructions"), e.getMessage());
        CgroupPlanner.plan(Samples.v1(), Map.of(), "/c", devices(many));   // v1: plain file writes, no such limit
    }

    @Test
    void v2WithoutRulesAttachesNothing() {
        assertNull(CgroupPlanner.plan(Samples.v2(), Map.of(), "/c", null).deviceFilter());
    }
}
