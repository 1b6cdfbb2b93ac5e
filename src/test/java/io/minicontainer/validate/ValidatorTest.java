package io.minicontainer.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minicontainer.diag.Diagnostic;
import io.minicontainer.spec.LoadedSpec;
import io.minicontainer.spec.SpecLoader;
import java.util.List;
import org.junit.jupiter.api.Test;

class ValidatorTest {
    private static LoadedSpec parse(String singleQuoted) { return SpecLoader.parse("config.json", singleQuoted.replace('\'', '"')); }

    @Test
    void unknownPropertyIsAWarningAndAnErrorWhenStrict() {
        LoadedSpec l = parse("{'ociVersion':'1.0.2','root':{'path':'rootfs'},\n'hostnmae':'x'}");
        ValidationResult lax = Validator.validate(l, false);
        assertFalse(lax.hasErrors());
        assertEquals("config.json:2:1: /hostnmae: warning: unknown property \"hostnmae\" (did you mean \"hostname\"?)",
                lax.diagnostics().get(0).format());
        ValidationResult strict = Validator.validate(l, true);
        assertTrue(strict.hasErrors());
        assertEquals("config.json:2:1: /hostnmae: unknown property \"hostnmae\" (did you mean \"hostname\"?)",
                strict.errors().get(0).format());
    }

    @Test
    void keysOfFreeFormMapsAreNeverUnknown() {
        LoadedSpec l = parse("{'ociVersion':'1.0.2','root':{'path':'rootfs'},'annotations':{'hostnmae':'x','org.example/a':'b'},"
                + "'linux':{'sysctl':{'net.ipv4.ip_forward':'1'},'resources':{'unified':{'memory.high':'1G'}}}}");
        // (the sysctl and unified are refused for other reasons; none of the keys is an unknown property)
        assertEquals(List.of(), Validator.validate(l, true).diagnostics().stream()
                .filter(d -> d.check().equals(UnknownProperties.CHECK)).toList());
    }

    @Test
    void nestedUnknownPropertyInsideArrayItems() {
        LoadedSpec l = parse("{'ociVersion':'1.0.2','root':{'path':'rootfs'},'mounts':[{'destination':'/x','optoins':['ro']}]}");
        // (a mount with no type that is not a bind is also an error now: this test is about the typo)
        Diagnostic d = Validator.validate(l, false).diagnostics().stream().filter(x -> x.check().equals(UnknownProperties.CHECK)).findFirst().orElseThrow();
        assertEquals("/mounts/0/optoins", d.pointer());
        assertEquals("unknown property \"optoins\"", d.message());
        assertEquals("did you mean \"options\"?", d.hint());
    }

    @Test
    void aTypeErrorIsReportedOnceNotAgainByBinding() {
        LoadedSpec l = parse("{'ociVersion':'1.0.2','root':{'path':'rootfs'},'process':{'cwd':'/','args':['sh'],\n'user':{'uid':'root','gid':0}}}");
        ValidationResult r = Validator.validate(l, false);
        assertEquals(1, r.diagnostics().size(), r.diagnostics().toString());
        Diagnostic d = r.diagnostics().get(0);
        assertEquals("schema", d.check());
        assertEquals("config.json:2:15: /process/user/uid: must be an integer, got string \"root\""
                + " (IDs and limits are numbers; user and group names are not resolved)", d.format());
    }

    @Test
    void collectsAllStagesSortedByLine() {
        LoadedSpec l = parse("{\n'ociVersion':'1.0.2',\n'root':{'path':'rootfs'},\n'process':{'cwd':'x','args':['sh'],\n"
                + "'terminal':'yes'},\n'hostnmae':'h',\n'linux':{'namespaces':[{'type':'pid'},{'type':'pid'}]}\n}");
        List<Diagnostic> ds = Validator.validate(l, false).diagnostics();
        assertEquals(List.of(4, 5, 6, 7), ds.stream().map(Diagnostic::line).toList());
        assertEquals(List.of("process-cwd", "schema", "unknown-property", "duplicate-namespaces"),
                ds.stream().map(Diagnostic::check).toList());
    }

    @Test
    void syntaxErrorSkipsTheOtherStages() {
        ValidationResult r = Validator.validate(SpecLoader.parse("config.json", "{\"a\": }"), false);
        assertEquals(1, r.diagnostics().size());
        assertEquals("syntax", r.diagnostics().get(0).check());
    }

    @Test
    void schemaPointerConversion() {
        com.networknt.schema.JsonNodePath p = new com.networknt.schema.JsonNodePath(com.networknt.schema.PathType.LEGACY)
                .append("annotations").append("a/b").append(2);
        assertEquals("/annotations/a~1b/2", SchemaValidator.pointer(p));
    }

    @Test
    void aNulInAKeyIsRefusedAndNeverPrintedRaw() {
        LoadedSpec l = SpecLoader.parse("config.json", "{\"ociVersion\":\"1.0.2\",\"root\":{\"path\":\"rootfs\"},"
                + "\"annotations\":{\"a\\u0000b\":\"x\"},\"linux\":{\"namespaces\":[{\"type\":\"ipc\"}],\"sysctl\":{\"kernel.shm\\u0000max\":\"1\"}}}");
        List<Diagnostic> errors = Validator.validate(l, false).errors();
        assertEquals(List.of("/annotations/a\u0000b", "/linux/sysctl/kernel.shm\u0000max"), errors.stream().map(Diagnostic::pointer).toList());
        for (Diagnostic d : errors) {
            assertEquals("property name contains a NUL character or a lone UTF-16 surrogate", d.message());
            assertTrue(d.format().contains("kernel.shm\\u0000max") || d.format().contains("a\\u0000b"), d.format());
            assertFalse(d.format().contains("\u0000"), "a raw NUL reaches the terminal: " + d.format());
        }
    }

    @Test
    void nullMeansAbsentAndOnlyStrictMentionsIt() {
        // Go tools write empty lists as null; containers-common's seccomp profile has "args": null
        LoadedSpec l = parse("{'ociVersion':'1.0.2','root':{'path':'rootfs'},'process':{'args':['sh'],'cwd':'/','rlimits':null},\n"
                + "'linux':{'seccomp':{'defaultAction':'SCMP_ACT_ALLOW','architectures':null,"
                + "'syscalls':[{'names':['mkdir'],'action':'SCMP_ACT_ERRNO','args':null}]}}}");
        assertEquals(List.of(), Validator.validate(l, false).diagnostics());
        assertEquals(null, l.spec().process().rlimits());
        List<String> strict = Validator.validate(l, true).diagnostics().stream().map(Diagnostic::format).toList();
        assertEquals(List.of("config.json:1:93: /process/rlimits: warning: null is read as absent (remove \"rlimits\")",
                "config.json:2:70: /linux/seccomp/architectures: warning: null is read as absent (remove \"architectures\")",
                "config.json:2:139: /linux/seccomp/syscalls/0/args: warning: null is read as absent (remove \"args\")"), strict);
    }
}
