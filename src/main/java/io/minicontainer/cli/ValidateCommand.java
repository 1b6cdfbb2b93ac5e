package io.minicontainer.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.minicontainer.app.Bundle;
import io.minicontainer.app.ConfigPipeline;
import io.minicontainer.plan.HostFacts;
import io.minicontainer.spec.LoadedSpec;
import io.minicontainer.spec.SpecLoader;
import io.minicontainer.diag.Diagnostic;
import io.minicontainer.validate.Validator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "validate", description = {
        "Check configs against the schema and the semantic checks; report every problem.",
        "On a bundle directory it also runs the host checks that plan, run and create run",
        "(rootfs, args[0], cgroup controllers, rlimits); --portable skips them."})
final class ValidateCommand extends BaseCommand {
    @Parameters(arity = "1..*", paramLabel = "BUNDLE|CONFIG", description = "Bundle directories or config.json files.")
    List<String> paths;

    @Option(names = "--strict", description = "Unknown properties are errors, not warnings.")
    boolean strict;

    @Option(names = "--format", defaultValue = "text", description = "text or json.")
    String format;

    @Option(names = "--portable", description = "Skip the host checks (e.g. in CI, where the rootfs is not unpacked).")
    boolean portable;

    @Override
    protected int execute() {
        FormatOption.require(format, "text", "json");
        List<Diagnostic> all = new ArrayList<>();
        StringBuilder ok = new StringBuilder();
        HostFacts facts = null;
        for (String path : paths) {
            Bundle bundle = Bundle.of(path);
            LoadedSpec loaded = SpecLoader.load(bundle.config());
            // a bundle directory is what plan/run/create take: check it exactly as they will; a lone
            // config file is a document, checked on its own (and never as a way to the runtime's state)
            boolean host = !portable && Files.isDirectory(Path.of(path));
            if (host && facts == null) facts = ConfigPipeline.hostFacts();
            Path stateRoot = Path.of(global.root);
            List<Diagnostic> found = new ArrayList<>();
            if (host) {
                found.addAll(ConfigPipeline.diagnostics(loaded, bundle.dir(), strict, facts, true, stateRoot));
                if (found.stream().noneMatch(Diagnostic::isError)) found.addAll(ConfigPipeline.planRefusals(loaded, bundle.dir(), facts));
            } else {
                found.addAll(Validator.validate(loaded, strict).diagnostics());
                found.addAll(io.minicontainer.validate.RootfsTarget.check(loaded, bundle.dir(), stateRoot));
                if (found.stream().noneMatch(Diagnostic::isError)) found.addAll(ConfigPipeline.seccompRefusals(loaded));
            }
            all.addAll(new io.minicontainer.validate.ValidationResult(found).diagnostics()); // config order, per file
            if (found.stream().noneMatch(Diagnostic::isError)) ok.append(path).append(": valid\n");
        }
        if ("json".equals(format)) {
            ObjectMapper mapper = new ObjectMapper();
            ArrayNode array = DiagnosticPrinter.json(mapper, all);
            System.out.println(array.toPrettyString());
        } else {
            System.out.print(DiagnosticPrinter.text(all));
            System.out.print(ok);
        }
        return all.stream().anyMatch(Diagnostic::isError) ? ExitCode.INVALID_INPUT : ExitCode.OK;
    }
}
