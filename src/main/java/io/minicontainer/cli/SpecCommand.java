package io.minicontainer.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.minicontainer.diag.UserError;
import io.minicontainer.spec.DefaultSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "spec", description = "Write a default config.json (namespaces, mounts, masked paths, minimal capabilities).")
final class SpecCommand extends BaseCommand {
    @Option(names = {"-b", "--bundle"}, defaultValue = ".", description = "Directory to write config.json into.")
    String bundle;

    @Option(names = "--force", description = "Overwrite an existing config.json.")
    boolean force;

    @Override
    protected int execute() throws Exception {
        Path target = Path.of(bundle).resolve("config.json");
        if (Files.exists(target) && !force) {
            throw new UserError(target + " already exists (use --force to overwrite)");
        }
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        Files.writeString(target, mapper.writeValueAsString(DefaultSpec.create(List.of("sh"), "rootfs", true)) + "\n");
        System.err.println("wrote " + target);
        return ExitCode.OK;
    }
}
