package io.minicontainer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.minicontainer.validate.core.SupportTable;
import io.minicontainer.validate.core.SupportTable.Status;
import java.util.List;
import org.junit.jupiter.api.Test;

/** `features` says what the support table says: what validate refuses is never advertised as enabled. */
class FeaturesCliTest {
    private static JsonNode features() throws Exception {
        CliHarness.Result r = CliHarness.run("features");
        assertEquals(0, r.exitCode(), r.err());
        return new ObjectMapper().readTree(r.out());
    }

    @Test
    void securityModulesAndCgroupFeaturesFollowTheSupportTable() throws Exception {
        JsonNode f = features();
        assertEquals(applied("/process/apparmorProfile"), f.at("/linux/apparmor/enabled").asBoolean());
        assertEquals(applied("/process/selinuxLabel"), f.at("/linux/selinux/enabled").asBoolean());
        assertEquals(applied("/linux/intelRdt"), f.at("/linux/intelRdt/enabled").asBoolean());
        assertEquals(applied("/linux/resources/rdma"), f.at("/linux/cgroup/rdma").asBoolean());
        assertEquals(applied("/linux/seccomp"), f.at("/linux/seccomp/enabled").asBoolean());
        // and, today, the refused ones are really off
        assertFalse(f.at("/linux/apparmor/enabled").asBoolean(true));
        assertFalse(f.at("/linux/selinux/enabled").asBoolean(true));
        assertFalse(f.at("/linux/intelRdt/enabled").asBoolean(true));
    }

    @Test
    void everyRefusedFieldIsListed() throws Exception {
        String listed = features().at("/annotations/io.minicontainer.refusedFields").asText();
        assertEquals(SupportTable.refused(), List.of(listed.split(",")));
    }

    private static boolean applied(String pattern) { return SupportTable.status(pattern) == Status.APPLIED; }
}
