package io.minicontainer.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.minicontainer.spec.SpecLoader;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Message rewriting; positions are covered by the corpus and loader tests. */
class SchemaValidatorTest {
    private static List<String> check(String singleQuoted) {
        return SchemaValidator.validate(SpecLoader.parse("c.json", singleQuoted.replace('\'', '"'))).stream()
                .map(d -> d.pointer() + ": " + d.message() + (d.hint() == null ? "" : " (" + d.hint() + ")")).sorted().toList();
    }

    @Test
    void plainWordsWithHints() {
        assertEquals(List.of(
                        "/process/terminal: must be a boolean, got string \"false\" (remove the quotes around false)",
                        "/process/user/gid: must be at least 0, got integer -5",
                        "/process/user/uid: must be an integer, got string \"0\" (remove the quotes around the number)"),
                check("{'ociVersion':'1.0.2','process':{'cwd':'/','args':['sh'],'terminal':'false','user':{'uid':'0','gid':-5}}}"));
    }

    @Test
    void missingRequiredPropertyPointsAtItsObject() {
        assertEquals(List.of("/process/rlimits/0: missing required property \"hard\""),
                check("{'ociVersion':'1.0.2','process':{'rlimits':[{'type':'RLIMIT_NOFILE','soft':1}],'cwd':'/'}}"));
    }

    @Test
    void unsignedLimitsAcceptTheFull64Bits() {
        assertEquals(List.of(), check("{'ociVersion':'1.0.2','process':{'cwd':'/','rlimits':[{'type':'RLIMIT_CORE',"
                + "'hard':18446744073709551615,'soft':18446744073709551615}]}}"));
        assertEquals(List.of("/process/rlimits/0/hard: must be at most 18446744073709551615, got integer 18446744073709551616"),
                check("{'ociVersion':'1.0.2','process':{'cwd':'/','rlimits':[{'type':'RLIMIT_CORE',"
                        + "'hard':18446744073709551616,'soft':0}]}}"));
    }

    @Test
    void aStringWhereAListBelongsGetsAListHint() {
        assertEquals(List.of("/process/args: must be an array, got string \"sh\" (write a list: [\"sh\"])"),
                check("{'ociVersion':'1.0.2','process':{'cwd':'/','args':'sh'}}"));
    }
}
