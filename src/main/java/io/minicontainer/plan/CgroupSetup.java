package io.minicontainer.plan;

import io.minicontainer.cgroup.CgroupPaths;
import java.util.ArrayList;
import java.util.List;

/**
 * The cgroup part of a plan.
 *
 * @param setup            CgroupCreate steps (parents first) then CgroupWrite steps, in the order to apply them
 * @param procsFiles       one cgroup.procs per joined hierarchy: the helper writes its pid there before clone
 * @param originProcsFiles our own cgroup.procs in the same hierarchies, same order: the helper goes back there after clone
 * @param cleanup          removal order: the container's dirs first, then the parents we may have created, deepest first
 * @param pathSources      what the path-derived steps cite: /linux/cgroupsPath, or nothing for the runtime's default path
 * @param deviceFilter     v2 only: the device rules as a BPF program the helper attaches to the leaf before clone; else null
 */
public record CgroupSetup(List<HostStep> setup, List<String> procsFiles, List<String> originProcsFiles,
                          List<HostStep.CgroupRemove> cleanup, List<String> pathSources,
                          NativeStep.DeviceFilter deviceFilter) {
    public CgroupSetup {
        setup = List.copyOf(setup);
        procsFiles = List.copyOf(procsFiles);
        originProcsFiles = List.copyOf(originProcsFiles);
        cleanup = List.copyOf(cleanup);
        pathSources = List.copyOf(pathSources);
    }

    /** The container's own cgroup directories, one per joined hierarchy. */
    public List<String> dirs() {
        List<String> out = new ArrayList<>(procsFiles.size());
        for (String f : procsFiles) out.add(CgroupPaths.parentOf(f));
        return List.copyOf(out);
    }

    /** The helper's joins, before clone. */
    public List<NativeStep.CgroupJoin> joinSteps() { return joins(procsFiles, false); }

    /** The helper's way back to its own cgroups, after clone. */
    public List<NativeStep.CgroupJoin> leaveSteps() { return joins(originProcsFiles, true); }

    // loops, not streams, on the planner's path: each stream and lambda costs a cold `run` (docs/STARTUP.md)
    private List<NativeStep.CgroupJoin> joins(List<String> files, boolean leave) {
        List<NativeStep.CgroupJoin> out = new ArrayList<>(files.size());
        for (String f : files) out.add(new NativeStep.CgroupJoin(f, leave, pathSources));
        return List.copyOf(out);
    }
}
