package io.minicontainer.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.minicontainer.spec.SpecLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigSchemaTest {
    @Test
    void everyPropertyHasADescription() {
        List<String> missing = new ArrayList<>();
        walk(ConfigSchema.node(), "#", missing);
        assertTrue(missing.isEmpty(), "properties without a description: " + missing);
    }

    @Test
    void noObjectForbidsUnknownProperties() {
        assertFalse(ConfigSchema.node().toString().contains("\"additionalProperties\":false"));
    }

    @Test
    void hasAnIdAndTheClasspathCopyMatchesTheTopLevelFile() throws Exception {
        assertEquals("https://mini-container.dev/schema/config.schema.json", ConfigSchema.node().get("$id").asText());
        JsonNode top = SpecLoader.mapper().readTree(Path.of(System.getProperty("mc.basedir", "."), "schema/config.schema.json").toFile());
        assertEquals(top, ConfigSchema.node());
    }

    private static void walk(JsonNode node, String where, List<String> missing) {
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) walk(node.get(i), where + "/" + i, missing);
            return;
        }
        if (!node.isObject()) return;
        JsonNode props = node.get("properties");
        if (props != null && props.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = props.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> p = it.next();
                if (p.getValue().path("description").asText("").isBlank()) missing.add(where + "/properties/" + p.getKey());
            }
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            walk(f.getValue(), where + "/" + f.getKey(), missing);
        }
    }
}
