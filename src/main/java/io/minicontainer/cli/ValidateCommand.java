package io.minicontainer.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.minicontainer.errors.UserError;
import io.minicontainer.spec.LoadedSpec;
import io.minicontainer.spec.SpecLoader;
import io.minicontainer.validate.Diagnostic;
import io.minicontainer.validate.Validator;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "validate", description = "Check configs against the schema and the semantic checks; report every problem.")
final class ValidateCommand extends BaseCommand {
    @Parameters(arity = "1..*", paramLabel = "BUNDLE|CONFIG", description = "Bundle directories or config.json files.")
    List<String> paths;

    @Option(names = "--strict", description = "Unknown properties are errors, not warnings.")
    boolean strict;

    @Option(names = "--format", defaultValue = "text", description = "text or json.")
    String format;

    @Override
    protected int execute() {
        List<Diagnostic> all = new ArrayList<>();
        StringBuilder ok = new StringBuilder();
        for (String path : paths) {
            Bundle bundle = Bundle.of(path);
            LoadedSpec loaded = SpecLoader.load(bundle.config());
            List<Diagnostic> found = new ArrayList<>(Validator.validate(loaded, strict).diagnostics());
            found.addAll(io.minicontainer.validate.RootfsTarget.check(loaded, bundle.dir(), java.nio.file.Path.of(global.root)));
            all.addAll(found);
            if (found.stream().noneMatch(Diagnostic::isError)) ok.append(path).append(": valid\n");
        }
        if ("json".equals(format)) {
            ObjectMapper mapper = new ObjectMapper();
            ArrayNode array = DiagnosticPrinter.json(mapper, all);
            System.out.println(array.toPrettyString());
        } else if (!"text".equals(format)) {
            throw new UserError("--format " + format + ": expected text or json");
        } else {
            System.out.print(DiagnosticPrinter.text(all));
            System.out.print(ok);
        }
        return all.stream().anyMatch(Diagnostic::isError) ? ExitCode.INVALID_INPUT : ExitCode.OK;
    }
}
