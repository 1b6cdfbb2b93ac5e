package io.minicontainer.app;

import io.minicontainer.exec.HostHooks;
import io.minicontainer.oci.HookRunner;
import io.minicontainer.oci.OciState;
import io.minicontainer.plan.HookSteps;
import io.minicontainer.plan.HostStep;
import io.minicontainer.plan.Plan;
import io.minicontainer.spec.Spec;
import io.minicontainer.state.ContainerState;

/** `run` and the quick form run the host-side hooks as create, start and delete do, with the same state document. */
public final class RunHooks implements HostHooks {
    private final Plan plan;
    private final Spec spec;
    private final String bundle;

    public RunHooks(Plan plan, Spec spec, String bundle) {
        this.plan = plan;
        this.spec = spec;
        this.bundle = bundle;
    }

    @Override
    public void run(HostStep.RunHook hook, int pid) {
        ContainerState state = new ContainerState(HookSteps.OCI_VERSION, plan.containerId(), hook.status(), pid, bundle,
                spec.annotations(), plan.rootfs(), null, 0, null, null, null, false);
        for (String warning : HookRunner.run(hook, OciState.text(state, hook.status()))) {
            System.err.println("mini-container: warning: " + warning);
        }
    }
}
