package io.minicontainer.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minicontainer.diag.Diagnostic;
import io.minicontainer.spec.LoadedSpec;
import io.minicontainer.spec.SpecLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SchemaCacheTest {
    @TempDir
    Path tmp;

    private static LoadedSpec parse(String singleQuoted) { return SpecLoader.parse("config.json", singleQuoted.replace('\'', '"')); }

    private static final String VALID_WITH_TYPO = "{'ociVersion':'1.0.2','root':{'path':'rootfs'},\n'hostnmae':'x'}";
    private static final String SCHEMA_INVALID = "{'ociVersion':'1.0.2','root':{'path':'rootfs'},'process':{'cwd':'/','args':'sh'}}";

    @Test
    void aPassIsRememberedAndTheSecondRunGivesTheSameDiagnostics() throws IOException {
        SchemaCache cache = SchemaCache.in(tmp.resolve("cache"));
        LoadedSpec l = parse(VALID_WITH_TYPO);
        assertFalse(cache.passed(l));
        List<Diagnostic> first = Validator.validate(l, false, cache).diagnostics();
        assertTrue(cache.passed(l), "a schema pass is recorded");
        List<Diagnostic> second = Validator.validate(parse(VALID_WITH_TYPO), false, cache).diagnostics();
        assertEquals(first, second, "warnings (unknown property) are still found on a cache hit");
        assertEquals(1, second.size());
        assertEquals(Validator.validate(l, true).errors(), Validator.validate(l, true, cache).errors(), "strict still applies");
    }

    @Test
    void theCacheKeepsOnlyTheNewestEntriesUpToItsBound() throws IOException {
        SchemaCache cache = SchemaCache.in(tmp.resolve("cache"), 3);
        List<LoadedSpec> configs = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            LoadedSpec l = parse("{'ociVersion':'1.0.2','root':{'path':'rootfs'},'hostname':'h" + i + "'}");
            configs.add(l);
            cache.rememberPass(l);
            // distinct mtimes, so "oldest" is well defined whatever the file system's time resolution
            Path newest;
            try (Stream<Path> s = Files.list(tmp.resolve("cache"))) {
                newest = s.filter(p -> p.getFileName().toString().equals(SchemaCache.key(l.text()))).findFirst().orElseThrow();
            }
            Files.setLastModifiedTime(newest, java.nio.file.attribute.FileTime.fromMillis(1_000_000L * (i + 1)));
        }
        try (Stream<Path> s = Files.list(tmp.resolve("cache"))) {
            assertEquals(3, s.count());
        }
        assertFalse(cache.passed(configs.get(0)));
        assertFalse(cache.passed(configs.get(1)));
        for (LoadedSpec l : configs.subList(2, 5)) assertTrue(cache.passed(l));
    }

    @Test
    void schemaFailuresAreNeverRemembered() throws IOException {
        SchemaCache cache = SchemaCache.in(tmp.resolve("cache"));
        LoadedSpec l = parse(SCHEMA_INVALID);
        assertTrue(Validator.validate(l, false, cache).hasErrors());
        assertFalse(cache.passed(l));
        assertFalse(Files.exists(tmp.resolve("cache")), "nothing written");
    }

    @Test
    void theCacheIsReallyConsultedAndKeyedByTheExactText() {
        SchemaCache cache = SchemaCache.in(tmp.resolve("cache"));
        LoadedSpec bad = parse(SCHEMA_INVALID);
        // a forged entry proves the schema stage is skipped on a hit (real entries are only ever passes)
        cache.rememberPass(bad);
        assertTrue(Validator.validate(bad, false, cache).errors().stream().noneMatch(d -> d.check().equals(SchemaValidator.CHECK)));
        LoadedSpec changed = parse(SCHEMA_INVALID.replace("'sh'", "'bash'"));
        assertFalse(cache.passed(changed), "any change to the text is a miss");
        assertTrue(Validator.validate(changed, false, cache).hasErrors());
        assertNotEquals(SchemaCache.key("{}"), SchemaCache.key("{} "));
    }

    @Test
    void anUnwritableDirectoryOnlyMeansNoCache() throws IOException {
        Path file = Files.writeString(tmp.resolve("not-a-dir"), "x");
        SchemaCache cache = SchemaCache.in(file.resolve("cache"));
        LoadedSpec l = parse(VALID_WITH_TYPO);
        assertFalse(Validator.validate(l, false, cache).hasErrors());
        assertFalse(cache.passed(l));
        try (Stream<Path> s = Files.list(tmp)) {
            assertEquals(1, s.count());
        }
    }
}
