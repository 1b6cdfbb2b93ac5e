package io.minicontainer.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minicontainer.spec.SpecLoader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CompactSchemaTest {
    @Test
    void theShippedCompactSchemaIsTheSchemaWithoutAnnotations() throws IOException {
        String shipped;
        try (InputStream in = ConfigSchema.class.getResourceAsStream(ConfigSchema.COMPACT_RESOURCE)) {
            assertNotNull(in, "the build makes " + ConfigSchema.COMPACT_RESOURCE);
            shipped = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String full;
        try (InputStream in = ConfigSchema.class.getResourceAsStream(ConfigSchema.RESOURCE)) {
            full = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        try (InputStream in = ConfigSchema.class.getResourceAsStream(ConfigSchema.RESOURCE)) {
            assertEquals(CompactSchema.text(SpecLoader.readTree(in)), shipped);
        }
        assertTrue(shipped.length() * 2 < full.length(), shipped.length() + " of " + full.length());
        assertTrue(!shipped.contains("\"description\"") && shipped.contains("\"uint64\"") && shipped.contains("\"required\""));
        assertEquals(ConfigSchema.forChecks(), SpecLoader.readTree(new java.io.ByteArrayInputStream(shipped.getBytes(StandardCharsets.UTF_8))),
                "the runtime reads the compact copy");
    }
}
