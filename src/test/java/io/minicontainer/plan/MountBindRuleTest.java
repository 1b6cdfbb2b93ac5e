package io.minicontainer.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.minicontainer.spec.Spec;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The planner's option parser and Spec.Mount.isBind (used by checks, audit and diff) agree on what a bind mount is. */
class MountBindRuleTest {
    @Test
    void theParserAndTheSharedPredicateAgree() {
        List<String> types = java.util.Arrays.asList(null, "bind", "tmpfs", "none", "proc");
        List<List<String>> optionSets = java.util.Arrays.asList(null, List.of(), List.of("ro"), List.of("bind"), List.of("rbind", "ro"),
                List.of("nosuid", "rbind"), List.of("rprivate"));
        for (String type : types) {
            for (List<String> options : optionSets) {
                Spec.Mount m = new Spec.Mount("/d", type, "/s", options);
                assertEquals(m.isBind(), MountOptions.parse(type, options).bind(), "type " + type + ", options " + options);
            }
        }
    }
}
