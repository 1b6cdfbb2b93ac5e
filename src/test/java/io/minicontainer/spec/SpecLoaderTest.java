package io.minicontainer.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minicontainer.diag.Diagnostic;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SpecLoaderTest {
    @Test
    void positionsOfValuesAndNames() {
        String text = "{\n  \"process\": {\n    \"args\": [\"/bin/sh\", \"-c\"],\n    \"a/b~c\": 1\n  }\n}\n";
        LoadedSpec l = SpecLoader.parse("c.json", text);
        SourceMap m = l.sourceMap();
        assertEquals(new SourceMap.Position(1, 1), m.value(""));
        assertEquals(new SourceMap.Position(2, 14), m.value("/process"));
        assertEquals(new SourceMap.Position(2, 3), m.name("/process"));
        assertEquals(new SourceMap.Position(3, 25), m.value("/process/args/1"));
        assertEquals(new SourceMap.Position(4, 5), m.name("/process/a~1b~0c"));
        assertEquals(SourceMap.Position.NONE, m.value("/nope"));
        assertEquals(new SourceMap.Position(3, 13), m.nearest("/process/args/7"));
    }

    @Test
    void bindsTheModel() {
        LoadedSpec l = SpecLoader.parse("c.json", "{\"ociVersion\":\"1.0.2\",\"process\":{\"args\":[\"sh\"],\"cwd\":\"/\","
                + "\"rlimits\":[{\"type\":\"RLIMIT_CORE\",\"hard\":18446744073709551615,\"soft\":0}]}}");
        assertTrue(l.bound());
        assertEquals(-1L, l.spec().process().rlimits().get(0).hard());
        assertTrue(l.diagnostics().isEmpty());
    }

    @Test
    void syntaxErrorBecomesADiagnosticWithPositionAndHint() {
        LoadedSpec l = SpecLoader.parse("config.json", "{\n  \"a\": 1\n  \"b\": 2\n}");
        assertFalse(l.parsed());
        assertNull(l.spec());
        Diagnostic d = l.diagnostics().get(0);
        assertEquals(Diagnostic.Severity.ERROR, d.severity());
        assertEquals(3, d.line());
        assertEquals(3, d.column());
        assertEquals("config.json:3:3: /a: expected ',' or '}' after a property value (a comma or closing brace is probably missing)", d.format());
    }

    @Test
    void typeMismatchThatBreaksBindingIsADiagnostic() {
        LoadedSpec l = SpecLoader.parse("c.json", "{\"process\":{\n\"user\":{\"uid\":\"root\"}}}");
        assertTrue(l.parsed());
        assertNull(l.spec().process().user().uid(), "the unbindable value is left out, the rest is bound");
        Diagnostic d = l.diagnostics().get(0);
        assertEquals("/process/user/uid", d.pointer());
        assertEquals(2, d.line());
        assertEquals("value \"root\" has the wrong type or is out of range for this field", d.message());
    }

    @Test
    void duplicateKeyIsAWarning() {
        LoadedSpec l = SpecLoader.parse("c.json", "{\"hostname\":\"a\",\n\"hostname\":\"b\"}");
        assertEquals("b", l.spec().hostname());
        assertEquals("c.json:2:1: /hostname: warning: duplicate property \"hostname\"; only this last one counts", l.diagnostics().get(0).format());
    }

    @Test
    void missingFileIsADiagnosticNotAnException() {
        LoadedSpec l = SpecLoader.load(Path.of("/nonexistent/config.json"));
        assertNotNull(l.diagnostics().get(0));
        assertEquals("/nonexistent/config.json: /: cannot read the file: it does not exist", l.diagnostics().get(0).format());
    }

    @Test
    void jsonPointerEscaping() {
        assertEquals("/a~1b/c~0d/3", JsonPointers.append(JsonPointers.append(JsonPointers.append("", "a/b"), "c~d"), 3));
        assertEquals("/a~1b", JsonPointers.parent("/a~1b/x"));
        assertEquals("c~d", JsonPointers.lastSegment("/a/c~0d"));
    }

    @Test
    void readTreeWithoutAMapperGivesTheSameSchemaTreeAsJackson() throws Exception {
        Path schema = Path.of(System.getProperty("mc.basedir", "."), "schema/config.schema.json");
        try (java.io.InputStream in = java.nio.file.Files.newInputStream(schema)) {
            assertEquals(SpecLoader.mapper().readTree(schema.toFile()), SpecLoader.readTree(in));
        }
    }

    @Test
    void aValueOverTheParsersLimitsIsNamedWithItsPointer() {
        String big = "x".repeat(20_000_001);
        LoadedSpec l = SpecLoader.parse("config.json", "{\"ociVersion\": \"1.0.2\", \"process\": {\"args\": [\"" + big + "\"]}}");
        assertFalse(l.parsed());
        Diagnostic d = l.diagnostics().get(0);
        assertEquals("/process/args/0", d.pointer());
        assertTrue(d.message().startsWith("string longer than 20 MB (the JSON parser's limit)"), d.format());

        String deep = "[".repeat(1001) + "]".repeat(1001);
        Diagnostic n = SpecLoader.parse("config.json", "{\"annotations\": " + deep + "}").diagnostics().get(0);
        assertTrue(n.message().startsWith("nested deeper than 1000 levels"), n.format());
    }

    @Test
    void bytesThatAreNotUtf8AreAnErrorAtTheirPlaceNotAnExceptionName() {
        byte[] text = "{\n  \"hostname\": \"ab\u00ffcd\"\n}".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        LoadedSpec l = SpecLoader.parseBytes("c.json", text);
        assertFalse(l.parsed());
        assertEquals("c.json:2:18: /hostname: the file is not valid UTF-8 (byte 0xff) (a config must be UTF-8; convert it, for example with iconv -t UTF-8)",
                l.diagnostics().get(0).format());
    }

    @Test
    void aByteOrderMarkIsNamed() {
        LoadedSpec l = SpecLoader.parseBytes("c.json", "\uFEFF{}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertTrue(l.diagnostics().get(0).message().contains("byte order mark"), l.diagnostics().toString());
    }

    @Test
    void validUtf8IsDecodedAsBefore() {
        LoadedSpec l = SpecLoader.parseBytes("c.json", "{\"hostname\": \"h\u00e9\u4e2d\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertTrue(l.parsed());
        assertEquals("h\u00e9\u4e2d", l.tree().get("hostname").asText());
    }
}
