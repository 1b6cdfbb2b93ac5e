package io.minicontainer.state;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.minicontainer.spec.Spec;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The hand-written state.json must be what ObjectMapper writes, and read back to the same state. */
class StateJsonTest {
    private static final ObjectMapper JACKSON = new ObjectMapper();

    private static void sameAsJackson(ContainerState s) throws Exception {
        byte[] ours = StateJson.write(s);
        JsonNode expected = JACKSON.readTree(JACKSON.writeValueAsBytes(s));
        assertEquals(expected, JACKSON.readTree(ours), new String(ours));
        assertEquals(s, JACKSON.readValue(ours, ContainerState.class));
        assertEquals(s, StateJson.read(ours), "our reader, our JSON");
        assertEquals(s, StateJson.read(JACKSON.writeValueAsBytes(s)), "our reader, Jackson's JSON");
    }

    @Test
    void unknownMembersAreSkippedAndBadShapesAreErrors() throws Exception {
        ContainerState s = StateJson.read(("{\"id\":\"x\",\"future\":{\"a\":[1,{\"b\":2}]},\"pid\":3,"
                + "\"hooks\":{\"later\":[1],\"poststop\":[{\"path\":\"/p\",\"new\":true}]}}").getBytes());
        assertEquals(JACKSON.readValue(("{\"id\":\"x\",\"pid\":3,\"hooks\":{\"poststop\":[{\"path\":\"/p\"}]}}").getBytes(),
                ContainerState.class), s);
        org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class, () -> StateJson.read("{\"id\":{}}".getBytes()));
        org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class, () -> StateJson.read("[]".getBytes()));
        org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class, () -> StateJson.read("{\"pid\":".getBytes()));
    }

    @Test
    void aRunStateWithoutHooks() throws Exception {
        sameAsJackson(new ContainerState("1.2.0", "mc-1", ContainerState.RUNNING, 4242, "/b \"q\" ü", Map.of("a", "1"),
                "/b/rootfs", "2026-11-28T17:00:00Z", 123456789L, List.of("/sys/fs/cgroup/pids/mini-container/mc-1"),
                List.of("/x", "/y"), null, null, false));
    }

    @Test
    void nullsAreLeftOutButNullElementsStay() throws Exception {
        Map<String, String> ann = new LinkedHashMap<>();
        ann.put("k", null);
        ann.put("tab\t", "v");
        sameAsJackson(new ContainerState(null, "id", null, 0, null, ann, null, null, 0, Arrays.asList("a", null),
                List.of(), null, null, true));
        sameAsJackson(new ContainerState("1.0.2", "id", "created", 1, "b", null, "r", "c", -1, null, null, "abc", null, false));
    }

    @Test
    void hooksAreWrittenAsJacksonDoes() throws Exception {
        Spec.Hook full = new Spec.Hook("/bin/hook", List.of("hook", "x"), List.of("A=1"), 5);
        Spec.Hook bare = new Spec.Hook("/bin/h2", null, null, null);
        Spec.Hooks hooks = new Spec.Hooks(List.of(full), null, List.of(), Arrays.asList(bare, null), null, List.of(full, bare));
        sameAsJackson(new ContainerState("1.2.0", "id", "created", 7, "b", Map.of(), "r", "c", 9, List.of(), List.of(), "h",
                hooks, false));
        sameAsJackson(new ContainerState("1.2.0", "id", "created", 7, "b", null, "r", "c", 9, null, null, null,
                new Spec.Hooks(null, null, null, null, null, null), false));
    }
}
