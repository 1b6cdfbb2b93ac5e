package io.minicontainer.plan;

import io.minicontainer.cgroup.CgroupPaths;
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
        return procsFiles.stream().map(CgroupPaths::parentOf).toList();
    }

    /** The helper's joins, before clone. */
    public List<NativeStep.CgroupJoin> joinSteps() {
        return procsFiles.stream()
                .map(f -> new NativeStep.CgroupJoin(f, false, pathSources)).toList();
    }

    /** The helper's way back to its own cgroups, after clone. */
    public List<NativeStep.CgroupJoin> leaveSteps() {
        return originProcsFiles.stream()
                .map(f -> new NativeStep.CgroupJoin(f, true, pathSources)).toList();
    }
}
