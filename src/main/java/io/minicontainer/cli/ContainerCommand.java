package io.minicontainer.cli;

import io.minicontainer.ffi.Syscalls;
import io.minicontainer.oci.ContainerOps;
import io.minicontainer.state.StateStore;
import java.nio.file.Path;

/** A verb on containers in the --root state directory. */
abstract class ContainerCommand extends BaseCommand {
    StateStore store() { return new StateStore(Path.of(global.root)); }

    ContainerOps ops() { return new ContainerOps(store(), Syscalls.lazy(), reporter()::warning); }
}
