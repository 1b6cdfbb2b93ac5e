package io.minicontainer.cli;

import io.minicontainer.app.Bundle;
import io.minicontainer.app.ConfigPipeline;
import io.minicontainer.app.RunHooks;
import io.minicontainer.app.RunState;
import io.minicontainer.exec.ForegroundRun;
import io.minicontainer.exec.TraceSink;
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
    @Parameters(arity = "0..1", paramLabel = "BUNDLE|ID",
            description = "An existing bundle directory or config.json; otherwise runc's container ID, with -b or the current"
                    + " directory as the bundle (default: the bundled hostfs demo).")
    String bundle;

    @Option(names = {"-b", "--bundle"}, paramLabel = "DIR", description = "Bundle directory (runc's form: the operand is then the ID).")
    String bundleDir;

    @Option(names = {"-d", "--detach"}, description = "create + start, then return (the container keeps running).")
    boolean detach;

    @Option(names = "--pid-file", paramLabel = "FILE", description = "Write the container process's host pid here.")
    java.nio.file.Path pidFile;

    @Option(names = "--console-socket", paramLabel = "SOCKET", description = "Unix socket that receives the pty master (process.terminal).")
    String consoleSocket;

    @Option(names = "--no-pivot", description = "Accepted for runc compatibility; pivot_root is always used.")
    boolean noPivot;

    @Option(names = "--keep", description = "Keep the stopped container (state, cgroups) until `delete`.")
    boolean keep;

    @Option(names = "--no-new-keyring", hidden = true) boolean noNewKeyring;

    @Option(names = "--dry-run", description = "Print the plan instead of running it.")
    boolean dryRun;

    @Option(names = "--trace", description = "Print each step as it executes, with its duration.")
    boolean trace;

    @Option(names = "--format", defaultValue = "text", description = "Plan format for --dry-run: text or json.")
    String format = "text"; // initialised too: FastRunArgs builds this without picocli

    @Option(names = "--strict", description = "Unknown properties are errors, not warnings.")
    boolean strict;

    @Option(names = "--id", paramLabel = "ID", description = IdHelp.NEW_OR_RANDOM)
    String id;

    @Override
    protected int execute() throws Exception {
        FormatOption.require(format, "text", "json");
        Timing.mark("run: arguments parsed");
        resolveRuncForm();
        if (noPivot) reporter().warning("--no-pivot is ignored: mini-container always uses pivot_root");
        if (detach && !dryRun) return detached(); // -d --dry-run prints the plan like --dry-run: it never starts anything
        Bundle b = bundle == null ? Bundle.defaultBundle() : Bundle.of(bundle);
        String containerId = ConfigPipeline.containerId(id);
        HostFacts facts = ConfigPipeline.hostFacts();
        Timing.mark("host facts read");
        // one preflight for both: a dry run that passes means the run gets past every check short of the kernel
        LoadedSpec loaded = ConfigPipeline.validatedForHost(b, strict, facts, global, reporter());
        if (dryRun) {
            ForegroundRun.requireFreeId(java.nio.file.Path.of(global.root), containerId);
            PlanRequest request = ConfigPipeline.request(loaded, containerId, b.dir());
            System.out.print(PlanOutput.render(ConfigPipeline.plan(loaded, request, facts), format));
            return ExitCode.OK;
        }
        PlanRequest plain = ConfigPipeline.request(loaded, containerId, b.dir());
        boolean terminal = loaded.spec().process().isTerminal();
        if (!terminal && consoleSocket != null) {
            throw new io.minicontainer.diag.UserError("--console-socket given but /process/terminal is false: no pty to send");
        }
        String socket = consoleSocket == null ? null : java.nio.file.Path.of(consoleSocket).toAbsolutePath().toString();
        Plan plan = ConfigPipeline.plan(loaded, new PlanRequest(plain.containerId(), plain.bundleDir(), null, socket, plain.setTid()), facts);
        Timing.mark("planned");
        RunState record = RunState.recordCreating(store(), plan, loaded.spec(), loaded.text(), b.dir());
        try {
            return ForegroundRun.run(plan, record.dir(), trace ? TraceSink.printingTo(System.err) : TraceSink.NONE, System.err,
                    new RunHooks(plan, loaded.spec(), b.dir().toString()), new Started(record, pidFile), keep, global.log != null);
        } finally {
            ops().forgetLockAfterRun(containerId); // a `kill` or `state` during the run may have left the id's lock file
        }
    }

    /** Records the pid, and writes --pid-file (if any; the quick form has none). A class, not a lambda: linking one costs every cold `run` ~0.1 ms. */
    record Started(RunState record, java.nio.file.Path pidFile) implements ForegroundRun.StartListener {
        @Override
        public void started(io.minicontainer.exec.Launch launch, java.nio.file.Path dir) throws java.io.IOException {
            record.started(launch);
            if (pidFile == null) return;
            try {
                io.minicontainer.oci.ContainerCreator.writePidFile(pidFile, launch.pid());
            } catch (java.io.IOException e) {
                // as create: a caller waiting for the pid file must not be left with a container it cannot find
                throw new io.minicontainer.diag.RuntimeFailure("cannot write --pid-file " + pidFile + ": " + e.getMessage(), e);
            }
        }
    }

    /**
     * runc's `run [-b DIR] ID` next to our `run [BUNDLE]`: with -b the operand is the id; an operand that is
     * no existing path is the id too, the bundle being the current directory. `run` alone is the demo.
     */
    private void resolveRuncForm() {
        if (bundleDir != null) {
            if (bundle != null && id != null) throw new io.minicontainer.diag.UserError("give the id once: --id " + id + " or the operand " + bundle);
            if (bundle != null) id = bundle;
            bundle = bundleDir;
        } else if (bundle != null && !java.nio.file.Files.exists(java.nio.file.Path.of(bundle))
                && java.nio.file.Files.exists(java.nio.file.Path.of("config.json")) && id == null) {
            id = bundle;
            bundle = ".";
        }
    }

    /** run -d: create, then start; a start that fails removes the container again. */
    private int detached() throws Exception {
        if (id == null) throw new io.minicontainer.diag.UserError("run --detach needs a container id (run -d [-b DIR] ID)");
        CreateCommand create = new CreateCommand();
        create.rootCommand = rootCommand;
        create.global = global;
        create.bundle = bundle == null ? "." : bundle;
        create.pidFile = pidFile;
        create.consoleSocket = consoleSocket;
        create.strict = strict;
        create.id = id;
        create.execute();
        try {
            ops().start(id);
        } catch (RuntimeException | java.io.IOException e) {
            ops().delete(id, true);
            throw e;
        }
        return ExitCode.OK;
    }
}
