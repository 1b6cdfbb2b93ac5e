package io.minicontainer.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The one-place answers the checks, the planner, audit and diff share (they were written out in each). */
class SpecPredicatesTest {
    @Test
    void aBindMountIsTypeBindOrAnOptionBindOrRbindWhateverTheType() {
        assertTrue(mount("bind", null).isBind());
        assertTrue(mount("bind", List.of("ro")).isBind());
        assertTrue(mount(null, List.of("rbind")).isBind());
        assertTrue(mount("none", List.of("bind", "ro")).isBind());
        assertTrue(mount("tmpfs", List.of("rbind")).isBind(), "runc ignores the type once MS_BIND is asked for");
        assertFalse(mount("tmpfs", List.of("nosuid")).isBind());
        assertFalse(mount(null, null).isBind());
        assertFalse(mount("proc", Arrays.asList("nosuid", null)).isBind());
    }

    @Test
    void isBindIsNotWrittenBackAsAProperty() throws Exception {
        String json = new ObjectMapper().writeValueAsString(mount("bind", List.of("rbind")));
        assertFalse(json.contains("\"bind\":"), json);
    }

    @Test
    void aUserNamespaceIsCreatedOnlyWhenListedWithoutAPath() {
        assertFalse(linux().createsUserNamespace());
        assertNull(linux().userNamespace());
        assertFalse(linux(ns("pid", null), ns("mount", null)).createsUserNamespace());
        assertTrue(linux(ns("pid", null), ns("user", null)).createsUserNamespace());
        assertTrue(linux(ns("user", "")).createsUserNamespace(), "an empty path is no path");
        assertFalse(linux(ns("user", "/proc/42/ns/user")).createsUserNamespace());
        assertEquals("/proc/42/ns/user", linux(null, ns("user", "/proc/42/ns/user")).userNamespace().path());
        assertTrue(linux(ns("user", null), ns("user", "/proc/42/ns/user")).createsUserNamespace(), "the first entry decides");
    }

    @Test
    void anIdIsMappedWhenAContainerRangeHoldsItWithoutOverflowing() {
        List<Spec.IdMapping> maps = List.of(new Spec.IdMapping(0, 100000, 65536), new Spec.IdMapping(70000, 200000, 10));
        assertTrue(Spec.IdMapping.mapped(maps, 0));
        assertTrue(Spec.IdMapping.mapped(maps, 65535));
        assertFalse(Spec.IdMapping.mapped(maps, 65536));
        assertTrue(Spec.IdMapping.mapped(maps, 70009));
        assertFalse(Spec.IdMapping.mapped(maps, 70010));
        assertFalse(Spec.IdMapping.mapped(null, 0));
        // containerID + size overflows a long: the range still holds what it holds, and nothing below it
        List<Spec.IdMapping> huge = List.of(new Spec.IdMapping(Long.MAX_VALUE - 5, 0, Long.MAX_VALUE));
        assertTrue(Spec.IdMapping.mapped(huge, Long.MAX_VALUE));
        assertFalse(Spec.IdMapping.mapped(huge, 0));
    }

    @Test
    void throttleRulesAreVisitedListByListInConfigOrderSkippingNulls() {
        Spec.ThrottleDevice a = new Spec.ThrottleDevice(8, 0, 1), b = new Spec.ThrottleDevice(8, 16, 2), c = new Spec.ThrottleDevice(253, 0, 3);
        Spec.BlockIO io = new Spec.BlockIO(null, Arrays.asList(null, a), List.of(), List.of(b, c));
        List<String> seen = new ArrayList<>();
        io.eachThrottle((list, i, t) -> seen.add(list + "/" + i + "=" + t.rate()));
        assertEquals(List.of("throttleWriteBpsDevice/1=1", "throttleWriteIOPSDevice/0=2", "throttleWriteIOPSDevice/1=3"), seen);
        assertTrue(io.hasThrottle());
        assertFalse(new Spec.BlockIO(null, List.of(), null, List.of()).hasThrottle());
        assertEquals(List.of("throttleReadBpsDevice", "throttleWriteBpsDevice", "throttleReadIOPSDevice", "throttleWriteIOPSDevice"),
                Spec.BlockIO.THROTTLE_LISTS);
    }

    private static Spec.Mount mount(String type, List<String> options) { return new Spec.Mount("/x", type, "/y", options); }

    private static Spec.Namespace ns(String type, String path) { return new Spec.Namespace(type, path); }

    private static Spec.Linux linux(Spec.Namespace... namespaces) {
        return new Spec.Linux(Arrays.asList(namespaces), null, null, null, null, null, null, null, null, null, null, null);
    }
}
