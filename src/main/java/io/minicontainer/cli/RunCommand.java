package io.minicontainer.cli;

import io.minicontainer.exec.ForegroundRun;
import io.minicontainer.exec.TraceSink;
import io.minicontainer.exec.Warmup;
import io.minicontainer.plan.HostFacts;
import io.minicontainer.plan.Plan;
import io.minicontainer.plan.PlanRequest;
import io.minicontainer.spec.LoadedSpec;
import io.minicontainer.timing.Timing;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "run", description = "Validate, plan and run a bundle in the foreground; exit with the container's status.")
final class RunCommand extends ContainerCommand {
    @Parameters(arity = "0..1", paramLabel = "BUNDLE", description = "Bundle directory or config.json (default: the bundled hostfs demo).")
    String bundle;

    @Option(names = "--dry-run", description = "Print the plan instead of running it.")
    boolean dryRun;

    @Option(names = "--trace", description = "Print each step as it executes, with its duration.")
    boolean trace;

    @Option(names = "--format", defaultValue = "text", description = "Plan format for --dry-run: text or json.")
    String format = "text"; // initialised too: FastRunArgs builds this without picocli

    @Option(names = "--strict", description = "Unknown properties are errors, not warnings.")
    boolean strict;

    @Option(names = "--id", description = "Container id (default: a random one).")
    String id;

    @Override
    protected int execute() throws Exception {
        Timing.mark("run: arguments parsed");
        Bundle b = bundle == null ? Bundle.defaultBundle() : Bundle.of(bundle);
        String containerId = ConfigPipeline.containerId(id);
        HostFacts facts = ConfigPipeline.hostFacts();
        Timing.mark("host facts read");
        if (!dryRun) Warmup.startInBackground(); // the helper start's JDK classes load on the other core meanwhile
        // one preflight for both: a dry run that passes means the run gets past every check short of the kernel
        LoadedSpec loaded = ConfigPipeline.validatedForHost(b, strict, facts, global, reporter());
        if (dryRun) {
            ForegroundRun.requireFreeId(java.nio.file.Path.of(global.root), containerId);
            PlanRequest request = ConfigPipeline.request(loaded, containerId, b.dir());
            System.out.print(PlanOutput.render(ConfigPipeline.plan(loaded, request, facts), format));
            return ExitCode.OK;
        }
        Plan plan = ConfigPipeline.plan(loaded, ConfigPipeline.request(loaded, containerId, b.dir()), facts);
        Timing.mark("planned");
        String bundleAsGiven = bundle == null ? b.dir().toString() : bundle;
        RunState record = RunState.recordCreating(store(), plan, loaded.spec(), bundleAsGiven);
        try {
            return ForegroundRun.run(plan, record.dir(), trace ? TraceSink.printingTo(System.err) : TraceSink.NONE, System.err,
                    new RunHooks(plan, loaded.spec(), b.dir().toString()), (launch, dir) -> record.started(launch));
        } finally {
            // a `kill` or `state` during the run may have left the id's lock file
            if (java.nio.file.Files.exists(store().lockFile(containerId))) ops().forgetLockIfGone(containerId);
        }
    }
}
