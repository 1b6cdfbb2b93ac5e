package io.minicontainer.plan;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.minicontainer.seccomp.Filter;
import io.minicontainer.seccomp.SeccompCompiler;
import io.minicontainer.seccomp.SeccompException;
import io.minicontainer.spec.Spec;
import java.util.ArrayList;
import java.util.List;

/**
 * linux.seccomp → one SECCOMP step carrying the compiled filter; a profile that cannot be compiled stops the plan.
 * A profile with SCMP_ACT_NOTIFY also says where the listener fd goes (listenerPath) and the container process
 * state sent with it (runtime-spec config-linux.md, "The Container Process State").
 */
final class SeccompSteps {
    /** How long the helper waits to connect to the listener and send it the fd; a listener that never accepts fails the start. */
    static final int LISTENER_TIMEOUT_SECONDS = 10;
    /** The state's status while the container is being set up, as the runtime-spec's example and runc give it. */
    static final String CREATING = "creating";

    private SeccompSteps() {}

    static void add(Spec spec, PlanRequest request, List<Step> steps) {
        Spec.Seccomp profile = spec.linux() == null ? null : spec.linux().seccomp();
        if (profile == null) return;
        Filter filter;
        try {
            filter = SeccompCompiler.compile(profile);
        } catch (SeccompException e) {
            throw new PlanException(e.pointer(), e.getMessage(), e.hint());
        }
        if (!filter.hasListener()) {
            steps.add(new NativeStep.Seccomp(filter, List.of(SeccompCompiler.AT)));
            return;
        }
        List<String> sources = new ArrayList<>(List.of(SeccompCompiler.AT, SeccompCompiler.AT + "/listenerPath"));
        if (profile.listenerMetadata() != null) sources.add(SeccompCompiler.AT + "/listenerMetadata");
        steps.add(new NativeStep.Seccomp(filter, listener(spec, request, profile), List.copyOf(sources)));
    }

    /** {"ociVersion", "fds":["seccompFd"], "pid", "metadata", "state":{the container state}}, split around the two pids. */
    static NativeStep.Listener listener(Spec spec, PlanRequest request, Spec.Seccomp profile) {
        String beforePid = "{\"ociVersion\":\"" + HookSteps.OCI_VERSION + "\",\"fds\":[\"seccompFd\"],\"pid\":";
        String metadata = profile.listenerMetadata() == null ? "" : profile.listenerMetadata();
        String betweenPids = ",\"metadata\":\"" + new String(JsonStringEncoder.getInstance().quoteAsString(metadata)) + "\",\"state\":"
                + HookSteps.statePrefix(request, CREATING);
        String afterPid = HookSteps.stateSuffix(spec, request) + "}";
        return new NativeStep.Listener(profile.listenerPath(), LISTENER_TIMEOUT_SECONDS, beforePid, betweenPids, afterPid);
    }
}
