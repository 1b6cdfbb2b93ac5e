package io.minicontainer.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minicontainer.spec.DefaultSpec;
import io.minicontainer.spec.Spec;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Where device nodes and device rules land in a plan. */
class DeviceStepsTest {
    private static final PlanRequest RUN = PlanRequest.forRun("t1", "/bundle");

    private static Spec with(Spec s, List<Spec.Namespace> ns, List<Spec.Device> devices, List<Spec.Mount> mounts) {
        Spec.Linux l = s.linux();
        List<Spec.IdMapping> map = List.of(new Spec.IdMapping(0, 100000, 65536));
        boolean user = ns.stream().anyMatch(n -> n.type().equals("user"));
        return new Spec(s.ociVersion(), s.root(), s.process(), s.hostname(), s.domainname(), mounts, s.hooks(),
                s.annotations(), new Spec.Linux(ns, user ? map : null, user ? map : null, l.resources(), l.cgroupsPath(),
                        l.sysctl(), l.maskedPaths(), l.readonlyPaths(), devices, l.rootfsPropagation(), l.seccomp(), l.mountLabel()));
    }

    private static List<String> described(Plan plan, String kind) {
        List<String> out = new ArrayList<>();
        for (Step s : plan.steps()) if (s.kind().equals(kind)) out.add(s.describe() + " <- " + s.sources());
        return out;
    }

    private static final Spec BASE = DefaultSpec.create(List.of("sh"), "rootfs", false);
    private static final List<Spec.Device> FUSE_AND_NULL = List.of(
            new Spec.Device("/dev/fuse", "c", 10L, 229L, 0660, 0L, 5L),
            new Spec.Device("/dev/null", "c", 1L, 3L, 0600, null, null));

    @Test
    void defaultNodesAndConfigDevicesAreMknodsBeforePivotRoot() {
        Plan plan = Planner.plan(with(BASE, BASE.linux().namespaces(), FUSE_AND_NULL, BASE.mounts()), RUN, TestFacts.hybrid());
        List<String> nodes = described(plan, "mknod");
        assertEquals(List.of(
                "mknod /bundle/rootfs/dev/zero c 1:5 mode 0666 owner 0:0 <- [/mounts/1]",
                "mknod /bundle/rootfs/dev/full c 1:7 mode 0666 owner 0:0 <- [/mounts/1]",
                "mknod /bundle/rootfs/dev/random c 1:8 mode 0666 owner 0:0 <- [/mounts/1]",
                "mknod /bundle/rootfs/dev/urandom c 1:9 mode 0666 owner 0:0 <- [/mounts/1]",
                "mknod /bundle/rootfs/dev/tty c 5:0 mode 0666 owner 0:0 <- [/mounts/1]",
                "mknod /bundle/rootfs/dev/fuse c 10:229 mode 0660 owner 0:5 <- [/linux/devices/0]",
                "mknod /bundle/rootfs/dev/null c 1:3 mode 0600 owner 0:0 <- [/linux/devices/1]"), nodes,
                "a config device replaces the default at its path");
        List<String> kinds = plan.steps().stream().map(Step::kind).toList();
        assertTrue(kinds.lastIndexOf("mknod") < kinds.indexOf("pivot-root"));
        assertTrue(described(plan, "mount").stream().noneMatch(m -> m.startsWith("mount /dev/")), "no bind of a host node");
    }

    @Test
    void inAUserNamespaceNodesAreReadOnlyBindsOfTheHostsNodes() {
        List<Spec.Namespace> ns = new ArrayList<>(BASE.linux().namespaces());
        ns.add(new Spec.Namespace("user", null));
        Plan plan = Planner.plan(with(BASE, ns, FUSE_AND_NULL, BASE.mounts()), RUN, TestFacts.hybrid());
        assertEquals(List.of(), described(plan, "mknod"));
        List<String> binds = described(plan, "mount").stream().filter(m -> m.contains("/dev/fuse")).toList();
        assertEquals(List.of(
                "mount /dev/fuse on /bundle/rootfs/dev/fuse (bind) <- [/linux/devices/0]",
                "mount on /bundle/rootfs/dev/fuse (bind,remount,ro) <- [/linux/devices/0]"), binds);
        assertEquals(2 * 6, described(plan, "mount").stream().filter(m -> m.matches(".*/dev/(null|zero|full|random|urandom|tty) .*")).count());
    }

    @Test
    void configDevicesAreMadeEvenWithoutADevMount() {
        List<Spec.Mount> noDev = BASE.mounts().stream().filter(m -> !m.destination().startsWith("/dev")).toList();
        Plan plan = Planner.plan(with(BASE, BASE.linux().namespaces(), FUSE_AND_NULL, noDev), RUN, TestFacts.hybrid());
        assertEquals(2, described(plan, "mknod").size(), described(plan, "mknod").toString());
    }

    @Test
    void onV2TheHelperAttachesTheFilterBeforeItJoins() {
        Plan plan = Planner.plan(BASE, RUN, TestFacts.pureV2());
        List<String> kinds = plan.steps().stream().map(Step::kind).toList();
        assertTrue(kinds.indexOf("device-filter") >= 0, kinds.toString());
        assertTrue(kinds.indexOf("device-filter") < kinds.indexOf("cgroup-join"));
        assertEquals(List.of("/linux/resources/devices"), plan.steps().get(kinds.indexOf("device-filter")).sources());
    }
}
