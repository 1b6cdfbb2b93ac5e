package io.minicontainer.cli;

import io.minicontainer.app.ConfigPipeline;
import io.minicontainer.app.RunHooks;
import io.minicontainer.app.RunState;
import io.minicontainer.diag.UserError;
import io.minicontainer.exec.ForegroundRun;
import io.minicontainer.exec.TraceSink;
import io.minicontainer.plan.HostFacts;
import io.minicontainer.plan.Plan;
import io.minicontainer.spec.LoadedSpec;
import io.minicontainer.spec.SpecLoader;
import io.minicontainer.timing.Timing;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code mini-container [OPTIONS] <COMMAND> <ROOTFS> [-- ARGS...]}: a config synthesised from the
 * options, then the same validate → preflight → plan → run as {@code run ./bundle}. Main dispatches
 * here (as the hidden verb "quick") when the first argument is not a verb.
 */
@Command(name = "quick", hidden = true, mixinStandardHelpOptions = true, sortOptions = false,
        usageHelpAutoWidth = true,
        customSynopsis = "mini-container [OPTIONS] <COMMAND> <ROOTFS> [-- ARGS...]",
        description = {
            "Run COMMAND in the directory ROOTFS (used in place) with the default config",
            "plus these options. COMMAND is an absolute path or a name found in the",
            "container's PATH; a COMMAND with blanks (\"/bin/echo hi\") is split on",
            "whitespace. Options may come before or after the operands.",
        })
final class QuickCommand extends BaseCommand {
    static final String QUICK_CONFIG_NAME = "quick-config.json";

    @Parameters(index = "0", paramLabel = "COMMAND", description = "Program to run inside the container.")
    String command;

    @Parameters(index = "1", paramLabel = "ROOTFS", description = "Root filesystem directory (relative to the cwd).")
    String rootfs;

    @Parameters(index = "2..*", paramLabel = "ARGS", description = "Arguments for COMMAND (after --).")
    List<String> args;

    @Option(names = {"-p", "--pid"}, paramLabel = "PID", description = "Set the (host) pid of the child process; inside it is still 1.")
    Integer pid;

    @Option(names = {"-m", "--memory"}, paramLabel = "MEMORY", description = "Memory limit in megabytes (or 64k, 512m, 1g).")
    String memory;

    @Option(names = "--nproc", paramLabel = "NPROC", description = "Max pids allowed.")
    Long nproc;

    @Option(names = {"-u", "--user"}, paramLabel = "USER", description = "Set the user id (UID[:GID]) of the child process.")
    String user;

    @Option(names = "--cap-add", paramLabel = "CAP", split = ",", description = "Add Linux capabilities (repeatable, comma-separated; ALL).")
    List<String> capAdd;

    @Option(names = "--cap-drop", paramLabel = "CAP", split = ",", description = "Drop Linux capabilities; \"ALL\" drops all. Drops apply before adds.")
    List<String> capDrop;

    @Option(names = "--dry-run", description = "Print the plan instead of running it.")
    boolean dryRun;

    @Option(names = "--print-config", description = "Print the equivalent config.json (for 'run ./bundle') and exit.")
    boolean printConfig;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text", description = "Plan format for --dry-run: text or json.")
    String format;

    @Option(names = "--trace", description = "Print each step as it executes, with its duration.")
    boolean trace;

    @Option(names = "--id", paramLabel = "ID", description = IdHelp.NEW_OR_RANDOM)
    String id;

    @Override
    protected int execute() throws Exception {
        FormatOption.require(format, "text", "json");
        QuickSpec.Request request = new QuickSpec.Request(command, args, rootfs, memory, nproc, user, capDrop, capAdd, pid);
        io.minicontainer.spec.Spec built = QuickSpec.build(request, Path.of(""));
        Timing.mark("config synthesised");
        String text = QuickSpec.text(built);
        Timing.mark("config written");
        LoadedSpec loaded = SpecLoader.parse(QUICK_CONFIG_NAME, text);
        Timing.mark("config loaded and bound");
        if (printConfig) System.out.print(text); // even if invalid: the diagnostics below point into it
        try {
            if (printConfig && !dryRun) {
                ConfigPipeline.validated(loaded, false, reporter());
                return ExitCode.OK;
            }
            if (dryRun) {
                // root.path is absolute, so the bundle dir only matters for relative paths, which the quick config has none of
                Path bundleDir = Path.of("").toAbsolutePath();
                HostFacts facts = ConfigPipeline.hostFacts();
                ConfigPipeline.validatedForHost(loaded, bundleDir, false, facts, global, reporter());
                Plan plan = ConfigPipeline.plan(loaded, ConfigPipeline.request(loaded, ConfigPipeline.containerId(id), bundleDir), facts);
                System.out.print(PlanOutput.render(plan, format));
                return ExitCode.OK;
            }
            return run(loaded, text);
        } catch (UserError e) {
            throw e.diagnostics().isEmpty() ? e
                    : new UserError(e.getMessage() + "; the lines are those of --print-config's output", e.diagnostics());
        }
    }

    /**
     * The bundle is the container's own state directory, which holds the config as recorded (config.json), so
     * nothing is written beside the user's rootfs or in /tmp, and whatever ends the run (even kill -9 of the
     * runtime, then `delete --force`) removes it together with the state. The config has no relative paths.
     */
    private int run(LoadedSpec loaded, String text) throws Exception {
        io.minicontainer.state.StateStore store = new io.minicontainer.state.StateStore(Path.of(global.root));
        String containerId = ConfigPipeline.containerId(id);
        Path bundle = store.dir(containerId);
        HostFacts facts = ConfigPipeline.hostFacts();
        Timing.mark("host facts read");
        ConfigPipeline.validatedForHost(loaded, bundle, false, facts, global, reporter());
        Plan plan = ConfigPipeline.plan(loaded, ConfigPipeline.request(loaded, containerId, bundle), facts);
        Timing.mark("planned");
        RunState record = RunState.recordCreating(store, plan, loaded.spec(), text, bundle);
        try {
            return ForegroundRun.run(plan, record.dir(), trace ? TraceSink.printingTo(System.err) : TraceSink.NONE, System.err,
                    new RunHooks(plan, loaded.spec(), bundle.toString()), new RunCommand.Started(record, null),
                    false, global.log != null); // with --log the JVM keeps the wait, so a cleanup failure reaches the log as run's does
        } finally {
            // a `kill` or `state` during the run may have left the id's lock file
            new io.minicontainer.oci.ContainerOps(store, io.minicontainer.ffi.Syscalls.lazy(), new ContainerCommand.Warn(reporter()))
                    .forgetLockAfterRun(containerId);
        }
    }
}
