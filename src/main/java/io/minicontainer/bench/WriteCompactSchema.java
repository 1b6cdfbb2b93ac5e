package io.minicontainer.bench;

import io.minicontainer.spec.SpecLoader;
import io.minicontainer.validate.CompactSchema;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Build step ({@code process-classes}): writes the schema as the runtime reads it ({@link CompactSchema}).
 * Here, not in validate, which writes nothing (ArchitectureTest). Usage: {@code WriteCompactSchema SOURCE TARGET}.
 */
public final class WriteCompactSchema {
    private WriteCompactSchema() {}

    public static void main(String[] args) throws IOException {
        String text;
        try (InputStream in = Files.newInputStream(Path.of(args[0]))) {
            text = CompactSchema.text(SpecLoader.readTree(in));
        }
        Path target = Path.of(args[1]);
        Files.createDirectories(target.getParent());
        Files.writeString(target, text, StandardCharsets.UTF_8);
    }
}
