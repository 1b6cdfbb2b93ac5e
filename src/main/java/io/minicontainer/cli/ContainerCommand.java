package io.minicontainer.cli;

import io.minicontainer.ffi.Syscalls;
import io.minicontainer.oci.ContainerOps;
import io.minicontainer.state.StateStore;
import java.nio.file.Path;
import java.util.function.Consumer;

/** A verb on containers in the --root state directory. */
abstract class ContainerCommand extends BaseCommand {
    StateStore store() { return new StateStore(Path.of(global.root)); }

    ContainerOps ops() { return new ContainerOps(store(), Syscalls.lazy(), new Warn(reporter())); }

    /**
     * reporter()::warning as a class, the warning sink ContainerOps and ContainerCreator get: a method reference is
     * bootstrapped through java.lang.invoke on first use, and a short verb's first lambda costs it ~6 ms of CPU
     * (StateStore.require); a cold create ~0.1 ms.
     */
    static final class Warn implements Consumer<String> {
        private final ErrorReporter reporter;

        Warn(ErrorReporter reporter) { this.reporter = reporter; }

        @Override
        public void accept(String message) { reporter.warning(message); }
    }
}
