package io.minicontainer.plan;

import io.minicontainer.spec.Spec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Compiles a validated config into an ordered execution plan. Pure: no I/O, no syscalls; the host
 * is known only through {@link HostFacts}. The order below is the order a correct runtime must use,
 * and this method is the one place it is written down.
 */
public final class Planner {
    private Planner() {}

    public static Plan plan(Spec spec, PlanRequest request, HostFacts facts) {
        if (spec.process() == null) {
            throw new PlanException("/process", "process is missing: there is nothing to start", "add a process object");
        }
        String rootfs = rootfsPath(spec, request);
        List<Step> steps = new ArrayList<>();
        CgroupSetup cgroups = cgroupSetup(spec, request, facts);

        // 1. cgroups and limits, written by the JVM before anything runs
        steps.addAll(cgroups.setup());
        // 2. the helper: exec fifo, join existing namespaces, enter the cgroups, clone, leave the cgroups
        NamespaceSteps.beforeClone(spec, request, cgroups, steps);
        NamespaceSteps.clone(spec, request, steps);
        NamespaceSteps.afterClone(spec, cgroups, steps);
        // 3. inside the new process: process attributes that need the host's /proc
        ProcessSteps.procWrites(spec, request, steps);
        // 4. join a mount namespace by path; become root inside the user namespace, before any mount
        NamespaceSteps.enterInChild(spec, steps);
        // 5. rootfs: propagation, bind, config mounts, /dev, pivot_root, masked/readonly paths
        if (NamespaceSteps.hasNamespace(spec, "mount")) {
            RootfsSteps.all(spec, request, rootfs, facts, cgroups, steps);
        } else {
            RootfsSteps.withoutMountNamespace(spec, rootfs, steps);
        }
        // 6. identity of the process: hostname, rlimits, umask, groups/gid/uid, capabilities, no_new_privs
        ProcessSteps.identity(spec, request, facts, steps);
        // 7. hand-over: cwd, terminal, fd hygiene, wait for start, exec
        ProcessSteps.handOver(spec, request, steps);
        // 8. hooks, each at the spec's moment (before pivot_root, before exec, after exec, after the end)
        HookSteps.insert(spec, request, steps);
        // 9. the helper must be able to take it all (else it would report a protocol error)
        PlanSize.check(steps);

        return new Plan(request.containerId(), rootfs, steps, cgroups.cleanup(), HookSteps.poststop(spec));
    }

    static String rootfsPath(Spec spec, PlanRequest request) {
        String root = spec.root() == null || spec.root().path() == null ? "rootfs" : spec.root().path();
        return Path.of(request.bundleDir()).resolve(root).normalize().toString();
    }

    private static CgroupSetup cgroupSetup(Spec spec, PlanRequest request, HostFacts facts) {
        Spec.Linux linux = spec.linux();
        boolean fromConfig = linux != null && linux.cgroupsPath() != null && !linux.cgroupsPath().isEmpty();
        String path = fromConfig ? linux.cgroupsPath() : request.defaultCgroupsPath();
        try {
            return CgroupPlanner.plan(facts.cgroups(), facts.ownCgroups(), path, linux == null ? null : linux.resources(), fromConfig);
        } catch (io.minicontainer.cgroup.DeviceRules.InvalidRule e) {
            throw new PlanException(e.pointer(), e.getMessage(), "use type c or b with r, w and m access");
        } catch (IllegalArgumentException e) {
            throw new PlanException(linux != null && linux.cgroupsPath() != null ? "/linux/cgroupsPath" : "/linux/resources",
                    e.getMessage(), "check linux.cgroupsPath and linux.resources against this host's cgroup controllers");
        }
    }
}
