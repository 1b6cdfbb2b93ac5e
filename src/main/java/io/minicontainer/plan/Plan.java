package io.minicontainer.plan;

import java.util.List;

/**
 * An immutable, ordered execution plan. {@code steps} run in order (HOST steps in the JVM,
 * HELPER/CONTAINER steps in the native helper; hook steps at their moment, see {@link HookSteps});
 * {@code cleanup} runs on the host after the container is gone, whatever happened, and the
 * {@code poststop} hooks after it.
 */
public record Plan(String containerId, String rootfs, List<Step> steps, List<HostStep.CgroupRemove> cleanup,
                   List<HostStep.RunHook> poststop) {
    public Plan {
        steps = List.copyOf(steps);
        cleanup = List.copyOf(cleanup);
        poststop = List.copyOf(poststop);
    }

    public Plan(String containerId, String rootfs, List<Step> steps, List<HostStep.CgroupRemove> cleanup) {
        this(containerId, rootfs, steps, cleanup, List.of());
    }

    /** The host-side hook steps that directly follow step {@code index} (those a hook pause waits for). */
    public List<HostStep.RunHook> hooksAfter(int index) {
        List<HostStep.RunHook> out = new java.util.ArrayList<>();
        for (int i = index + 1; i < steps.size() && steps.get(i) instanceof HostStep.RunHook h; i++) out.add(h);
        return out;
    }

    /** poststart: the host-side hooks after the exec step. */
    public List<HostStep.RunHook> poststart() {
        List<HostStep.RunHook> out = new java.util.ArrayList<>();
        for (Step s : steps) if (s instanceof HostStep.RunHook h && h.stage().equals("poststart")) out.add(h);
        return out;
    }
}
