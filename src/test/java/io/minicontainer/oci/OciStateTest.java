package io.minicontainer.oci;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.minicontainer.state.ContainerState;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The hand-written state document is character for character what Jackson's streaming generator wrote (compact
 * and pretty) and what the tree gives (toString and toPrettyString).
 */
class OciStateTest {
    private static void sameAsTree(ContainerState s, String status) {
        assertEquals(OciState.json(s, status).toString(), OciState.text(s, status));
        assertEquals(OciState.json(s, status).toPrettyString(), OciState.pretty(s, status));
        assertEquals(JacksonOciState.write(s, status, false), OciState.text(s, status));
        assertEquals(JacksonOciState.write(s, status, true), OciState.pretty(s, status));
    }

    @Test
    void oddStatesAreWrittenAsJacksonWroteThem() {
        io.minicontainer.state.RandomStates states = new io.minicontainer.state.RandomStates(5);
        String[] statuses = {ContainerState.CREATED, ContainerState.RUNNING, ContainerState.STOPPED, ContainerState.PAUSED, null};
        for (int i = 0; i < 3000; i++) {
            ContainerState s = states.state();
            String status = i % 7 == 0 ? states.string() : statuses[i % statuses.length];
            assertEquals(JacksonOciState.write(s, status, false), OciState.text(s, status), "compact, state " + i);
            assertEquals(JacksonOciState.write(s, status, true), OciState.pretty(s, status), "pretty, state " + i);
            if (i % 10 == 0) sameAsTree(s, status);
        }
    }

    @Test
    void everyShapeOfStateMatchesTheTree() {
        Map<String, String> ann = new LinkedHashMap<>();
        ann.put("b", "2 \"q\" ü\t");
        ann.put("a", null);
        ContainerState full = new ContainerState("1.2.0", "mc-1", ContainerState.RUNNING, 42, "/b", ann, "/b/rootfs",
                "2026-11-28T17:00:00Z", 7, List.of(), List.of(), null, false);
        for (String status : List.of(ContainerState.CREATED, ContainerState.RUNNING, ContainerState.STOPPED)) sameAsTree(full, status);
        sameAsTree(new ContainerState(null, "x", null, 0, null, null, null, null, 0, null, null, null, false), ContainerState.STOPPED);
        sameAsTree(new ContainerState("1.2.0", "x", "created", 9, "/b", Map.of(), null, "c", 0, null, null, null, true), "paused");
    }
}
