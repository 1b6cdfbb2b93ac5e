package io.minicontainer.plan;

import java.util.List;

/**
 * An immutable, ordered execution plan. {@code steps} run in order (HOST steps in the JVM,
 * HELPER/CONTAINER steps in the native helper); {@code cleanup} runs on the host after the
 * container is gone, whatever happened.
 */
public record Plan(String containerId, String rootfs, List<Step> steps, List<HostStep.CgroupRemove> cleanup) {
    public Plan {
        steps = List.copyOf(steps);
        cleanup = List.copyOf(cleanup);
    }
}
