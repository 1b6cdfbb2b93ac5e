package io.minicontainer.cli;

import io.minicontainer.app.Bundle;
import io.minicontainer.app.ConfigPipeline;
import io.minicontainer.diag.UserError;
import io.minicontainer.exec.TraceSink;
import io.minicontainer.oci.ContainerCreator;
import io.minicontainer.plan.HostFacts;
import io.minicontainer.plan.Plan;
import io.minicontainer.plan.PlanRequest;
import io.minicontainer.spec.LoadedSpec;
import io.minicontainer.state.ContainerLock;
import io.minicontainer.state.StateStore;
import io.minicontainer.timing.Timing;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "create", description = "Set a container up and leave it waiting for 'start' (OCI runtime create).")
final class CreateCommand extends ContainerCommand {
    @Option(names = {"-b", "--bundle"}, defaultValue = ".", description = "Bundle directory (default: the current directory).")
    String bundle;

    @Option(names = "--pid-file", paramLabel = "FILE", description = "Write the container process's host pid here.")
    Path pidFile;

    @Option(names = "--console-socket", paramLabel = "SOCKET", description = "Unix socket that receives the pty master (process.terminal).")
    String consoleSocket;

    @Option(names = "--no-new-keyring", hidden = true,
            description = "Accepted for runc compatibility (conmon may pass it): no session keyring is ever created.")
    boolean noNewKeyring;

    @Option(names = "--strict", description = "Unknown properties are errors, not warnings.")
    boolean strict;

    @Parameters(paramLabel = "ID", description = IdHelp.NEW)
    String id;

    @Override
    protected int execute() throws Exception {
        StateStore store = store();
        StateStore.requireValidId(id);
        try (ContainerLock lock = store.lock(id)) {
            Timing.mark("locked");
            if (store.exists(id)) throw new UserError("container '" + id + "' already exists (in " + store.root() + ")");
            try {
                create(store);
            } finally {
                if (!store.exists(id)) lock.retire();
            }
        }
        return ExitCode.OK;
    }

    private void create(StateStore store) throws Exception {
        Bundle b = Bundle.of(bundle);
        HostFacts facts = ConfigPipeline.hostFacts();
        Timing.mark("host facts read");
        LoadedSpec loaded = ConfigPipeline.validatedForHost(b, strict, facts, global, reporter());
        boolean terminal = loaded.spec().process().isTerminal();
        if (terminal && consoleSocket == null) {
            throw new UserError("/process/terminal is true: --console-socket is required to receive the pty");
        }
        if (!terminal && consoleSocket != null) {
            throw new UserError("--console-socket given but /process/terminal is false: no pty to send");
        }
        String socket = consoleSocket == null ? null : Path.of(consoleSocket).toAbsolutePath().toString();
        PlanRequest request = new PlanRequest(id, b.dir().toString(), store.execFifo(id).toString(), socket,
                ConfigPipeline.request(loaded, id, b.dir()).setTid());
        Plan plan = ConfigPipeline.plan(loaded, request, facts);
        Timing.mark("planned");
        // The text that was validated and planned is recorded (config.json in the state dir), not a hash of it: nothing read
        // the SHA-256 state.json carried, and hashing podman's 19 KB config on a cold JVM cost ~11 ms of every create.
        new ContainerCreator(store, TraceSink.NONE, new Warn(reporter())).create(id, b.dir(), plan, loaded.spec(), loaded.text(), pidFile);
    }
}
