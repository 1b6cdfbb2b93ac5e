package io.minicontainer.state;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.minicontainer.spec.Spec;
import java.util.List;
import java.util.Map;

/**
 * {@code <root>/<id>/state.json}: the OCI state (ociVersion, id, status, pid, bundle, annotations)
 * plus what later verbs need and cannot get from the bundle, which may have changed since create.
 *
 * @param status        as recorded by the last writer: creating, created or running (never trusted
 *                      alone: {@link LiveStatus} checks the process)
 * @param pidStartTime  /proc/[pid]/stat field 22 when the pid was recorded: a different value means pid reuse
 * @param cgroupDirs    the container's own cgroup directories (ps, pause, resume)
 * @param cgroupCleanup every directory to remove on delete, in plan order (parents last)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ContainerState(
        String ociVersion,
        String id,
        String status,
        int pid,
        String bundle,
        Map<String, String> annotations,
        String rootfs,
        String created,
        long pidStartTime,
        List<String> cgroupDirs,
        List<String> cgroupCleanup,
        Spec.Hooks hooks,
        boolean paused) {

    public static final String CREATING = "creating", CREATED = "created", RUNNING = "running",
            STOPPED = "stopped", PAUSED = "paused";

    public ContainerState withStatus(String s) {
        return new ContainerState(ociVersion, id, s, pid, bundle, annotations, rootfs, created, pidStartTime,
                cgroupDirs, cgroupCleanup, hooks, paused);
    }

    public ContainerState withPid(int p, long startTime) {
        return new ContainerState(ociVersion, id, status, p, bundle, annotations, rootfs, created, startTime,
                cgroupDirs, cgroupCleanup, hooks, paused);
    }

    public ContainerState withPaused(boolean p) {
        return new ContainerState(ociVersion, id, status, pid, bundle, annotations, rootfs, created, pidStartTime,
                cgroupDirs, cgroupCleanup, hooks, p);
    }

    public Spec.Hooks hooksOrEmpty() {
        return hooks != null ? hooks : new Spec.Hooks(null, null, null, null, null, null);
    }
}
