package io.minicontainer.plan;

import io.minicontainer.spec.NamespaceKind;
import io.minicontainer.spec.Spec;
import java.util.ArrayList;
import java.util.List;

/**
 * `exec`: one more process in a running container. The helper joins the init's namespaces (user first,
 * so the others are joined with its root's rights; mount by the child, so the helper keeps the host's
 * /proc and cgroup paths), enters the init's cgroups, clones, leaves them again; the child then runs the
 * same identity and hand-over steps as a container's first process ({@link ProcessSteps}), seccomp included.
 */
public final class ExecPlanner {
    private ExecPlanner() {}

    public static Plan plan(Spec spec, ExecRequest request, HostFacts facts) {
        if (spec.process() == null) throw new PlanException("/process", "process is missing: there is nothing to exec", null);
        List<Step> steps = new ArrayList<>();
        String from = "the running container (pid " + request.pid() + ")";
        for (NamespaceKind kind : NamespaceKind.values()) { // the table's join order, user first
            String path = request.namespaces().get(kind.configName());
            if (path == null || kind.joinedByChild()) continue;
            steps.add(new NativeStep.JoinNamespace(kind.configName(), (int) kind.cloneFlag(), path, pointer(spec, kind.configName())));
        }
        for (String procs : request.cgroupProcs()) steps.add(new NativeStep.CgroupJoin(procs, false, List.of()));
        // the joins went by pid (and Java read the cgroups by pid): the init must still be the recorded process
        if (request.startTime() > 0) steps.add(new NativeStep.PidAlive(request.pid(), request.startTime(), List.of()));
        steps.add(new NativeStep.Clone(0, "", 0, List.of()));
        for (String procs : request.originProcs()) steps.add(new NativeStep.CgroupJoin(procs, true, List.of()));
        PlanRequest asRun = new PlanRequest(request.containerId(), request.bundle(), null, request.consoleSocket(), 0);
        ProcessSteps.execProcWrites(spec, asRun, steps);
        String mount = request.namespaces().get(NamespaceKind.MOUNT.configName());
        // after clone a /proc/PID path could name another process again: the checked init's pidfd cannot
        if (mount != null) {
            steps.add(new NativeStep.JoinMountNamespace(request.startTime() > 0 ? "" : mount, pointer(spec, NamespaceKind.MOUNT.configName())));
        }
        // with the request: a notify filter's agent is told about the running container, not a container being created
        ProcessSteps.identity(spec, asRun, request, facts, steps);
        ProcessSteps.handOver(spec, asRun, request, steps);
        PlanSize.check(steps);
        return new Plan(request.containerId(), from, steps, List.of());
    }

    /** The config entry that gave the container this namespace (the init's, which exec joins). */
    private static List<String> pointer(Spec spec, String type) {
        List<Spec.Namespace> namespaces = spec.linux() == null || spec.linux().namespaces() == null ? List.of() : spec.linux().namespaces();
        for (int i = 0; i < namespaces.size(); i++) if (namespaces.get(i).type().equals(type)) return List.of("/linux/namespaces/" + i);
        return List.of();
    }
}
