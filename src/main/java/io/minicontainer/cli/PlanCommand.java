package io.minicontainer.cli;

import io.minicontainer.app.Bundle;
import io.minicontainer.app.ConfigPipeline;
import io.minicontainer.plan.HostFacts;
import io.minicontainer.spec.LoadedSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "plan", description = "Print the ordered execution plan for a bundle, with the config field behind every step.")
final class PlanCommand extends BaseCommand {
    @Parameters(paramLabel = "BUNDLE", description = "Bundle directory or config.json.")
    String bundle;

    @Option(names = "--format", defaultValue = "text", description = "text or json.")
    String format;

    @Option(names = "--strict", description = "Unknown properties are errors, not warnings.")
    boolean strict;

    @Option(names = "--id", defaultValue = "example", description = "Container id to plan for (names the cgroup).")
    String id;

    @Override
    protected int execute() {
        Bundle b = Bundle.of(bundle);
        HostFacts facts = ConfigPipeline.hostFacts();
        // the same host checks as run and create: a plan printed here is one run gets past
        LoadedSpec loaded = ConfigPipeline.validatedForHost(b, strict, facts, global, reporter());
        System.out.print(PlanOutput.render(ConfigPipeline.plan(loaded, ConfigPipeline.request(loaded, id, b.dir()), facts), format));
        return ExitCode.OK;
    }
}
