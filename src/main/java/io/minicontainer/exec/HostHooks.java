package io.minicontainer.exec;

import io.minicontainer.plan.HostStep;

/**
 * Runs one host-side hook step (the caller knows the container's state document); throws a
 * RuntimeFailure naming the hook when it fails. The exec layer only decides when.
 */
@FunctionalInterface
public interface HostHooks {
    void run(HostStep.RunHook hook, int pid);

    /** For plans without host-side hooks. */
    HostHooks NONE = (hook, pid) -> {
        throw new IllegalStateException("no hook runner for " + hook.describe());
    };
}
