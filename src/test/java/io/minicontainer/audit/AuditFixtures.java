package io.minicontainer.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.minicontainer.plan.HostFacts;
import io.minicontainer.plan.PlanRequest;
import io.minicontainer.plan.Planner;
import io.minicontainer.spec.LoadedSpec;
import io.minicontainer.spec.SpecLoader;
import io.minicontainer.validate.Validator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Configs for the audit tests: examples/hardened.json (clean) edited one field at a time. */
final class AuditFixtures {
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private AuditFixtures() {}

    static ObjectNode hardened() {
        try {
            return (ObjectNode) JSON.readTree(Files.readString(Path.of("examples/hardened.json")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Loads the config from its pretty-printed text (so positions are real), checks it is valid, plans it portably. */
    static Subject subject(ObjectNode config) {
        try {
            LoadedSpec loaded = SpecLoader.parse("config.json", JSON.writeValueAsString(config));
            var result = Validator.validate(loaded, false);
            if (result.hasErrors()) throw new AssertionError("test config is invalid: " + result.errors());
            return new Subject(loaded, Planner.plan(loaded.spec(), PlanRequest.forRun("t", "/bundle"), HostFacts.portable()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static AuditReport audit(ObjectNode config) { return Auditor.audit(subject(config), Map.of()); }
}
