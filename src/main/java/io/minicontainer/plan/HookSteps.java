package io.minicontainer.plan;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.minicontainer.spec.Spec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * OCI hooks as plan steps, each at the moment the runtime-spec gives it:
 * <ul>
 * <li>prestart, createRuntime: on the host (runtime namespaces) while the container process waits in a
 *     {@link NativeStep.HookPause} after its namespaces and mounts exist, before pivot_root;</li>
 * <li>createContainer: run by the container process itself right after, still before pivot_root, so in
 *     the container's namespaces with the host's filesystem as its view (the hook path is a host path);</li>
 * <li>startContainer: run by the container process after start released it, just before exec (a path
 *     inside the container);</li>
 * <li>poststart: on the host after exec; poststop: on the host after the container is gone.</li>
 * </ul>
 * Status on stdin: {@code created} for the create-time and startContainer hooks (the runtime-spec's
 * "created" covers everything after step 2 of the lifecycle, prestart being step 3; crun gives the same,
 * runc says "creating"), {@code running} for poststart, {@code stopped} for poststop.
 */
public final class HookSteps {
    /** The runtime-spec version our state documents follow. */
    public static final String OCI_VERSION = "1.2.0";
    static final String CREATED = "created", RUNNING = "running", STOPPED = "stopped";

    private HookSteps() {}

    /** Inserts the hooks into a planned step list: around pivot_root, before exec, after exec. */
    static void insert(Spec spec, PlanRequest request, List<Step> steps) {
        Spec.Hooks hooks = spec.hooks();
        if (hooks == null) return;
        List<Step> beforePivot = new ArrayList<>();
        if (!orEmpty(hooks.prestart()).isEmpty() || !orEmpty(hooks.createRuntime()).isEmpty()) {
            beforePivot.add(new NativeStep.HookPause(List.of("/hooks/prestart", "/hooks/createRuntime")));
            host("prestart", hooks.prestart(), CREATED, beforePivot);
            host("createRuntime", hooks.createRuntime(), CREATED, beforePivot);
        }
        inContainer("createContainer", hooks.createContainer(), spec, request, beforePivot);
        // without a pivot_root (no mount namespace of its own) the moment is right before the hand-over
        int handOver = indexOf(steps, NativeStep.AwaitStart.class, indexOf(steps, NativeStep.Exec.class, steps.size()));
        steps.addAll(indexOf(steps, NativeStep.PivotRoot.class, handOver), beforePivot);

        List<Step> beforeExec = new ArrayList<>();
        inContainer("startContainer", hooks.startContainer(), spec, request, beforeExec);
        steps.addAll(indexOf(steps, NativeStep.Exec.class, steps.size()), beforeExec);

        host("poststart", hooks.poststart(), RUNNING, steps);
    }

    /** poststop: on the host once the container is gone, after the cgroups are removed. */
    static List<HostStep.RunHook> poststop(Spec spec) {
        List<Step> out = new ArrayList<>();
        if (spec.hooks() != null) host("poststop", spec.hooks().poststop(), STOPPED, out);
        List<HostStep.RunHook> hooks = new ArrayList<>(out.size());
        for (Step s : out) hooks.add((HostStep.RunHook) s);
        return List.copyOf(hooks);
    }

    private static void host(String stage, List<Spec.Hook> hooks, String status, List<Step> out) {
        List<Spec.Hook> list = orEmpty(hooks);
        for (int i = 0; i < list.size(); i++) {
            Spec.Hook h = list.get(i);
            out.add(new HostStep.RunHook(stage, i, h.path(), orEmpty(h.args()), orEmpty(h.env()), h.timeout(), status,
                    List.of("/hooks/" + stage + "/" + i)));
        }
    }

    private static void inContainer(String stage, List<Spec.Hook> hooks, Spec spec, PlanRequest request, List<Step> out) {
        List<Spec.Hook> list = orEmpty(hooks);
        for (int i = 0; i < list.size(); i++) {
            Spec.Hook h = list.get(i);
            out.add(new NativeStep.ContainerHook(stage, i, h.path(), orEmpty(h.args()), orEmpty(h.env()),
                    h.timeout() == null ? 0 : h.timeout(), CREATED, statePrefix(request, CREATED),
                    stateSuffix(spec, request), List.of("/hooks/" + stage + "/" + i)));
        }
    }

    /** The state document up to the pid, which the helper writes as the container sees it (getpid()). */
    static String statePrefix(PlanRequest request, String status) {
        return "{\"ociVersion\":" + quote(OCI_VERSION) + ",\"id\":" + quote(request.containerId())
                + ",\"status\":" + quote(status) + ",\"pid\":";
    }

    static String stateSuffix(Spec spec, PlanRequest request) {
        StringBuilder b = new StringBuilder(",\"bundle\":").append(quote(request.bundleDir())).append(",\"annotations\":{");
        Map<String, String> annotations = spec.annotations() == null ? Map.of() : spec.annotations();
        String sep = "";
        for (Map.Entry<String, String> e : annotations.entrySet()) {
            b.append(sep).append(quote(e.getKey())).append(':').append(quote(e.getValue()));
            sep = ",";
        }
        return b.append("}}").toString();
    }

    static String describe(String stage, int index, String path, List<String> args, Integer timeout, String status, String where) {
        String argv = args.size() > 1 ? " " + String.join(" ", args.subList(1, args.size())) : "";
        return "run hook " + stage + "[" + index + "] " + path + argv + " " + where + " (state \"" + status + "\" on stdin"
                + (timeout == null ? "" : ", timeout " + timeout + " s") + ")";
    }

    private static int indexOf(List<Step> steps, Class<? extends Step> type, int otherwise) {
        for (int i = 0; i < steps.size(); i++) if (type.isInstance(steps.get(i))) return i;
        return otherwise;
    }

    private static String quote(String s) {
        return s == null ? "null" : "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(s)) + "\"";
    }

    private static <T> List<T> orEmpty(List<T> list) { return list == null ? List.of() : list; }
}
