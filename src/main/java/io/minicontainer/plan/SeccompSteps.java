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

    /** {@code exec}: null for a container's first process, else the exec whose process gets the filter. */
    static void add(Spec spec, PlanRequest request, ExecRequest exec, List<Step> steps) {
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
        NativeStep.Listener listener = exec == null ? listener(spec, request, profile) : execListener(spec, exec, profile);
        steps.add(new NativeStep.Seccomp(filter, listener, List.copyOf(sources)));
    }

    /**
     * A container's first process: {"ociVersion", "fds":["seccompFd"], "pid", "metadata", "state":{... "status":"creating",
     * "pid" ...}}, with the process's host pid (the helper's child) at both pids.
     */
    static NativeStep.Listener listener(Spec spec, PlanRequest request, Spec.Seccomp profile) {
        return new NativeStep.Listener(profile.listenerPath(), LISTENER_TIMEOUT_SECONDS, List.of(beforePid(),
                afterPid(profile) + HookSteps.statePrefix(request, CREATING), HookSteps.stateSuffix(spec, request) + "}"));
    }

    /**
     * exec: the top-level pid is the exec'd process's (the helper's child, known only after clone); the state is
     * the running container's, "running", with its init's pid and its recorded bundle, as runc's exec sends it.
     */
    static NativeStep.Listener execListener(Spec spec, ExecRequest exec, Spec.Seccomp profile) {
        PlanRequest container = new PlanRequest(exec.containerId(), exec.bundle(), null, null, 0);
        return new NativeStep.Listener(profile.listenerPath(), LISTENER_TIMEOUT_SECONDS, List.of(beforePid(),
                afterPid(profile) + HookSteps.statePrefix(container, HookSteps.RUNNING) + exec.pid()
                        + HookSteps.stateSuffix(spec, container) + "}"));
    }

    private static String beforePid() {
        return "{\"ociVersion\":\"" + HookSteps.OCI_VERSION + "\",\"fds\":[\"seccompFd\"],\"pid\":";
    }

    /** From after the top-level pid up to the state. */
    private static String afterPid(Spec.Seccomp profile) {
        String metadata = profile.listenerMetadata() == null ? "" : profile.listenerMetadata();
        return ",\"metadata\":\"" + new String(JsonStringEncoder.getInstance().quoteAsString(metadata)) + "\",\"state\":";
    }
}
