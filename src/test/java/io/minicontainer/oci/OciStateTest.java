package io.minicontainer.oci;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.minicontainer.state.ContainerState;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The streamed state document is byte for byte what the tree gives (toString and toPrettyString). */
class OciStateTest {
    private static void sameAsTree(ContainerState s, String status) {
        assertEquals(OciState.json(s, status).toString(), OciState.text(s, status));
        assertEquals(OciState.json(s, status).toPrettyString(), OciState.pretty(s, status));
    }

    @Test
    void everyShapeOfStateMatchesTheTree() {
        Map<String, String> ann = new LinkedHashMap<>();
        ann.put("b", "2 \"q\" ü\t");
        ann.put("a", null);
        ContainerState full = new ContainerState("1.2.0", "mc-1", ContainerState.RUNNING, 42, "/b", ann, "/b/rootfs",
                "2026-11-28T17:00:00Z", 7, List.of(), List.of(), "h", null, false);
        for (String status : List.of(ContainerState.CREATED, ContainerState.RUNNING, ContainerState.STOPPED)) sameAsTree(full, status);
        sameAsTree(new ContainerState(null, "x", null, 0, null, null, null, null, 0, null, null, null, null, false), ContainerState.STOPPED);
        sameAsTree(new ContainerState("1.2.0", "x", "created", 9, "/b", Map.of(), null, "c", 0, null, null, null, null, true), "paused");
    }
}
