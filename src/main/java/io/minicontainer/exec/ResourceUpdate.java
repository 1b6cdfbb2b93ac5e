package io.minicontainer.exec;

import io.minicontainer.cgroup.CgroupLayout;
import io.minicontainer.cgroup.CgroupPaths;
import io.minicontainer.diag.RuntimeFailure;
import io.minicontainer.diag.UserError;
import io.minicontainer.plan.CgroupPlanner;
import io.minicontainer.plan.CgroupSetup;
import io.minicontainer.plan.HostStep;
import io.minicontainer.spec.Spec;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * `update`: the limit files the create-time planner would write for these resources, written to the
 * container's existing cgroup directories (device rules are left alone, as runc's update leaves them).
 */
public final class ResourceUpdate {
    /** Planned under a placeholder path, then moved onto the container's real directory of each hierarchy. */
    private static final String PLACEHOLDER = "/mini-container-update";

    private ResourceUpdate() {}

    public static void apply(Spec.Resources resources, List<String> containerDirs) throws IOException {
        CgroupLayout layout = HostProbe.cgroupLayout();
        List<HostStep.CgroupWrite> writes = writes(layout, resources, containerDirs);
        List<HostStep.CgroupWrite> failed = new ArrayList<>();
        for (HostStep.CgroupWrite w : writes) if (!write(w)) failed.add(w);
        // v1 refuses memory.limit above memsw (and memsw below limit): the other order succeeds on the second pass
        List<String> problems = new ArrayList<>();
        for (HostStep.CgroupWrite w : failed) {
            try {
                CgroupFiles.write(w.file(), w.value());
            } catch (IOException e) {
                problems.add(w.file() + " = " + w.value() + ": " + CgroupFiles.reason(e)
                        + (w.sources().isEmpty() ? "" : " (from " + String.join(", ", w.sources()) + ")"));
            }
        }
        if (!problems.isEmpty()) throw new RuntimeFailure("the cgroup refused: " + String.join("; ", problems));
    }

    /** Pure: the writes, moved from the placeholder leaf to the container's directory in the same hierarchy. */
    static List<HostStep.CgroupWrite> writes(CgroupLayout layout, Spec.Resources resources, List<String> containerDirs) {
        Spec.Resources limits = resources == null ? null
                : new Spec.Resources(resources.memory(), resources.pids(), resources.cpu(), null, resources.blockIO());
        CgroupSetup setup;
        try {
            setup = CgroupPlanner.plan(layout, java.util.Map.of(), PLACEHOLDER, limits, true);
        } catch (IllegalArgumentException e) {
            throw new UserError("/linux/resources: " + e.getMessage());
        }
        List<HostStep.CgroupWrite> out = new ArrayList<>();
        for (HostStep step : setup.setup()) {
            if (!(step instanceof HostStep.CgroupWrite w)) continue;
            String dir = CgroupPaths.parentOf(w.file());
            if (!dir.endsWith(PLACEHOLDER)) continue; // a parent's initialisation (cpuset): done at create
            String mount = dir.substring(0, dir.length() - PLACEHOLDER.length());
            String target = containerDirs.stream().filter(d -> d.startsWith(mount + "/")).findFirst().orElseThrow(() ->
                    new UserError("/linux/resources: the container has no cgroup under " + mount + ": it was created without a limit"
                            + " for this controller, and update does not move a running container into a new cgroup"));
            out.add(new HostStep.CgroupWrite(target + w.file().substring(dir.length()), w.value(), w.sources()));
        }
        return out;
    }

    private static boolean write(HostStep.CgroupWrite w) {
        try {
            CgroupFiles.write(w.file(), w.value());
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
