package io.minicontainer.plan;

import io.minicontainer.cgroup.CgroupLayout;
import io.minicontainer.plan.NativeStep.Mount;
import io.minicontainer.spec.MountFreeConfig;
import io.minicontainer.spec.NamespaceKind;
import io.minicontainer.spec.Spec;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Container-side filesystem steps: propagation, rootfs bind, config mounts, /dev, pivot_root, paths. */
final class RootfsSteps {
    private static final List<String> NONE = List.of();

    private RootfsSteps() {}

    static void all(Spec spec, PlanRequest request, String rootfs, HostFacts facts, CgroupSetup cgroups, List<Step> steps) {
        propagation(spec, steps);
        // A bind of the rootfs onto itself makes it a mount point, which pivot_root requires.
        steps.add(new Mount(rootfs, rootfs, null, Linux.MS_BIND | Linux.MS_REC, null, null, 0, "bind,rec", List.of("/root/path")));
        List<Spec.Mount> mounts = spec.mounts() == null ? List.of() : spec.mounts();
        int devMount = -1;
        for (int i = 0; i < mounts.size(); i++) {
            Spec.Mount m = mounts.get(i);
            String pointer = "/mounts/" + i;
            configMount(spec, request, rootfs, m, pointer, cgroups, facts.cgroups().mode() == CgroupLayout.Mode.V2, steps);
            if (normalize(m.destination()).equals("/dev")) devMount = i;
        }
        if (devMount >= 0) dev(spec, rootfs, mounts, "/mounts/" + devMount, steps);
        // Asked for explicitly, so made even without a /dev mount (then in the rootfs's own /dev, as runc does).
        deviceNodes(spec, rootfs, steps);
        steps.add(new NativeStep.PivotRoot(rootfs, List.of("/root/path")));
        paths(spec, steps);
        if (spec.root() != null && spec.root().isReadonly()) {
            long flags = Linux.MS_BIND | Linux.MS_REMOUNT | Linux.MS_RDONLY;
            steps.add(new Mount(null, "/", null, flags, null, null, 0, Linux.mountFlagNames(flags), List.of("/root/readonly")));
        }
        // last: an unbindable "/" would refuse the binds of readonlyPaths
        finalPropagation(spec, steps);
    }

    /**
     * No mount namespace in the config: the container shares the runtime's, i.e. the host's. runc would still
     * change "/"'s propagation and make the mounts there; we never touch the host's mounts, so only a config
     * that needs no mount at all runs, chrooted into its rootfs ({@code MountNamespaceCheck} refuses the rest).
     */
    static void withoutMountNamespace(Spec spec, String rootfs, List<Step> steps) {
        String needs = MountFreeConfig.firstMountingField(spec);
        if (needs != null) {
            throw new PlanException(needs, "without a mount namespace this would change the host's mounts",
                    "add {\"type\": \"mount\"} to linux.namespaces, or remove it");
        }
        steps.add(new NativeStep.Chroot(rootfs, List.of("/root/path", "/linux/namespaces")));
    }

    /**
     * Before anything is mounted, "/" of the new namespace stops sending mounts to the host: rslave (runc's
     * default: the host's mounts still reach the container's volumes), or rprivate when the config asks for
     * private. Never shared at this point: then pivot_root would fail (EINVAL) and the runtime's mounts could
     * reach the host. The value asked for is applied to the new "/" after pivot_root ({@link #finalPropagation}).
     */
    private static void propagation(Spec spec, List<Step> steps) {
        String value = rootfsPropagation(spec);
        boolean asksPrivate = "private".equals(value) || "rprivate".equals(value);
        long flags = (asksPrivate ? Linux.MS_PRIVATE : Linux.MS_SLAVE) | Linux.MS_REC;
        steps.add(new Mount(null, "/", null, flags, null, null, 0, Linux.mountFlagNames(flags),
                value == null ? NONE : List.of("/linux/rootfsPropagation")));
    }

    /** rootfsPropagation on the container's own "/" (the rootfs bind), once it is the root: as runc applies it. */
    private static void finalPropagation(Spec spec, List<Step> steps) {
        String value = rootfsPropagation(spec);
        if (value == null) return;
        long flags = MountOptions.parse(null, List.of(value)).propagation();
        steps.add(new Mount(null, "/", null, flags, null, null, 0, Linux.mountFlagNames(flags), List.of("/linux/rootfsPropagation")));
    }

    private static String rootfsPropagation(Spec spec) {
        String value = spec.linux() == null ? null : spec.linux().rootfsPropagation();
        return value == null || value.isEmpty() ? null : value;
    }

    private static void configMount(Spec spec, PlanRequest request, String rootfs, Spec.Mount m, String pointer,
                                    CgroupSetup cgroups, boolean unifiedHost, List<Step> steps) {
        List<String> src = List.of(pointer);
        String dest = normalize(m.destination());
        MountOptions o = MountOptions.parse(m.type(), m.options());
        if (o.copyUp() && (o.bind() || !"tmpfs".equals(m.type()))) {
            // only a fresh tmpfs can start with the directory's contents; anywhere else the option would be dropped
            throw new PlanException(pointer + "/options/" + m.options().indexOf("tmpcopyup"),
                    "tmpcopyup applies only to a tmpfs mount, not to " + (o.bind() ? "a bind mount" : "type " + m.type()),
                    "remove tmpcopyup, or make this a tmpfs mount");
        }
        int inRoot = Mount.TARGET_IN_ROOT;
        if (o.bind()) {
            String source = Path.of(request.bundleDir()).resolve(m.source()).normalize().toString();
            long flags = Linux.MS_BIND | (o.recursive() ? Linux.MS_REC : 0);
            steps.add(new Mount(source, dest, null, flags, null, rootfs, inRoot | Mount.LIKE_SOURCE, Linux.mountFlagNames(flags), src));
            remount(dest, rootfs, o.flags(), src, steps);
        } else if ("sysfs".equals(m.type()) && !NamespaceSteps.createsNamespace(spec, NamespaceKind.NETWORK)) {
            // The kernel refuses a fresh sysfs outside a new network namespace; bind the host's instead, as runc does.
            long flags = Linux.MS_BIND | Linux.MS_REC;
            steps.add(new Mount("/sys", dest, null, flags, null, rootfs, inRoot | Mount.MKDIR, Linux.mountFlagNames(flags), src));
            remount(dest, rootfs, o.flags(), src, steps);
        } else if (("cgroup".equals(m.type()) || "cgroup2".equals(m.type())) && !cgroups.procsFiles().isEmpty() && !unifiedHost) {
            cgroupV1(dest, rootfs, o, cgroups, src, steps);
        } else {
            String type = "cgroup".equals(m.type()) ? "cgroup2" : m.type();
            boolean copyUp = o.copyUp(); // a tmpfs: anything else was refused above
            if (copyUp) steps.add(new NativeStep.TmpCopyUp(false, dest, rootfs, src));
            steps.add(new Mount(m.source(), dest, type, o.flags(), o.data(), rootfs, inRoot | Mount.MKDIR,
                    Linux.mountFlagNames(o.flags()), src));
            if (copyUp) steps.add(new NativeStep.TmpCopyUp(true, dest, rootfs, src));
        }
        if (o.propagation() != 0) {
            steps.add(new Mount(null, dest, null, o.propagation(), null, rootfs, inRoot, Linux.mountFlagNames(o.propagation()), src));
        }
    }

    /** Bind mounts ignore most flags on the first call; they take effect only through a bind remount. */
    private static void remount(String dest, String rootfs, long flags, List<String> src, List<Step> steps) {
        if (flags == 0) return;
        long all = Linux.MS_BIND | Linux.MS_REMOUNT | flags;
        steps.add(new Mount(null, dest, null, all, null, rootfs, Mount.TARGET_IN_ROOT, Linux.mountFlagNames(all), src));
    }

    /**
     * On v1 (and hybrid) hosts a "cgroup" mount cannot be one filesystem: a tmpfs holds one bind of the
     * container's own cgroup directory per hierarchy, as runc does.
     */
    private static void cgroupV1(String dest, String rootfs, MountOptions o, CgroupSetup cgroups, List<String> src, List<Step> steps) {
        long tmpfsFlags = Linux.MS_NOSUID | Linux.MS_NODEV | Linux.MS_NOEXEC;
        steps.add(new Mount("tmpfs", dest, "tmpfs", tmpfsFlags, "mode=755", rootfs, Mount.TARGET_IN_ROOT | Mount.MKDIR,
                Linux.mountFlagNames(tmpfsFlags), src));
        for (String procs : cgroups.procsFiles()) {
            Path dir = Path.of(procs).getParent();
            String hierarchy = hierarchyName(procs);
            String target = dest + "/" + hierarchy;
            steps.add(new Mount(dir.toString(), target, null, Linux.MS_BIND, null, rootfs, Mount.TARGET_IN_ROOT | Mount.MKDIR,
                    "bind", src));
            remount(target, rootfs, o.flags() | tmpfsFlags, src, steps);
        }
        remount(dest, rootfs, o.flags() | tmpfsFlags, src, steps);
    }

    /** "/sys/fs/cgroup/memory/mini-container/x/cgroup.procs" → "memory": the first directory under the cgroup root. */
    private static String hierarchyName(String procsFile) {
        Path p = Path.of(procsFile);
        Path root = Path.of("/sys/fs/cgroup");
        return p.startsWith(root) && p.getNameCount() > root.getNameCount()
                ? p.getName(root.getNameCount()).toString() : p.getParent().getFileName().toString();
    }

    /**
     * The nodes every container gets, as runc makes them: fresh, mode 0666, owned by root. A config
     * device at the same path replaces its default.
     */
    private static final Map<String, long[]> DEFAULT_DEVICES = new LinkedHashMap<>();
    static {
        DEFAULT_DEVICES.put("/dev/null", new long[] {1, 3});
        DEFAULT_DEVICES.put("/dev/zero", new long[] {1, 5});
        DEFAULT_DEVICES.put("/dev/full", new long[] {1, 7});
        DEFAULT_DEVICES.put("/dev/random", new long[] {1, 8});
        DEFAULT_DEVICES.put("/dev/urandom", new long[] {1, 9});
        DEFAULT_DEVICES.put("/dev/tty", new long[] {5, 0});
    }

    private static void dev(Spec spec, String rootfs, List<Spec.Mount> mounts, String devPointer, List<Step> steps) {
        List<String> src = List.of(devPointer);
        List<Spec.Device> devices = configDevices(spec);
        boolean bind = bindDevices(spec);
        for (Map.Entry<String, long[]> d : DEFAULT_DEVICES.entrySet()) {
            String path = d.getKey();
            if (configures(devices, path)) continue;
            if (bind) {
                bindDevice(path, rootfs, src, steps);
            } else {
                steps.add(new NativeStep.Mknod(path, 'c', d.getValue()[0], d.getValue()[1], 0666, 0, 0, rootfs, src));
            }
        }
        steps.add(new NativeStep.Symlink("/proc/self/fd", "/dev/fd", rootfs, src));
        steps.add(new NativeStep.Symlink("/proc/self/fd/0", "/dev/stdin", rootfs, src));
        steps.add(new NativeStep.Symlink("/proc/self/fd/1", "/dev/stdout", rootfs, src));
        steps.add(new NativeStep.Symlink("/proc/self/fd/2", "/dev/stderr", rootfs, src));
        if (mountsAt(mounts, "/dev/pts")) {
            steps.add(new NativeStep.Symlink("pts/ptmx", "/dev/ptmx", rootfs, src));
        }
    }

    // loops, not streams with lambdas: every one of those costs a cold `run` (docs/STARTUP.md)
    private static boolean configures(List<Spec.Device> devices, String path) {
        for (Spec.Device c : devices) if (normalize(c.path()).equals(path)) return true;
        return false;
    }

    private static boolean mountsAt(List<Spec.Mount> mounts, String destination) {
        for (Spec.Mount m : mounts) if (normalize(m.destination()).equals(destination)) return true;
        return false;
    }

    /** linux.devices: fresh nodes with the config's type, numbers, mode and owner (binds in a user namespace). */
    private static void deviceNodes(Spec spec, String rootfs, List<Step> steps) {
        List<Spec.Device> devices = configDevices(spec);
        boolean bind = bindDevices(spec);
        for (int i = 0; i < devices.size(); i++) {
            Spec.Device d = devices.get(i);
            String path = normalize(d.path());
            List<String> src = List.of("/linux/devices/" + i);
            if (bind) {
                bindDevice(path, rootfs, src, steps);
                continue;
            }
            char type = d.type() == null || d.type().isEmpty() ? 'c' : d.type().charAt(0);
            long major = d.major() == null ? 0 : d.major(), minor = d.minor() == null ? 0 : d.minor();
            int mode = d.fileMode() == null ? 0666 : d.fileMode() & 07777;
            long uid = d.uid() == null ? 0 : d.uid(), gid = d.gid() == null ? 0 : d.gid();
            steps.add(new NativeStep.Mknod(path, type, major, minor, mode, uid, gid, rootfs, src));
        }
    }

    /**
     * In a user namespace mknod is refused (EPERM): bind the host's node instead, as runc does. Whether
     * the container's root could then chmod the host's node depends on the id maps (it can when host
     * root is mapped), so the bind is made read-only (see bindDevice).
     */
    private static boolean bindDevices(Spec spec) {
        return NamespaceSteps.hasNamespace(spec, NamespaceKind.USER); // new or joined by path: mknod is refused in both
    }

    /**
     * A bind of the host's node, then made read-only: chmod, chown and utimes need a writable mount
     * (EROFS), while opening a device node for writing does not, so the node still works but its
     * inode, which is the host's, can never be changed through it.
     */
    private static void bindDevice(String path, String rootfs, List<String> src, List<Step> steps) {
        steps.add(new Mount(path, path, null, Linux.MS_BIND, null, rootfs, Mount.TARGET_IN_ROOT | Mount.MKFILE, "bind", src));
        long ro = Linux.MS_BIND | Linux.MS_REMOUNT | Linux.MS_RDONLY;
        steps.add(new Mount(null, path, null, ro, null, rootfs, Mount.TARGET_IN_ROOT, Linux.mountFlagNames(ro), src));
    }

    private static List<Spec.Device> configDevices(Spec spec) {
        return spec.linux() == null || spec.linux().devices() == null ? List.of() : spec.linux().devices();
    }

    private static void paths(Spec spec, List<Step> steps) {
        Spec.Linux linux = spec.linux();
        if (linux == null) return;
        List<String> readonly = linux.readonlyPaths() == null ? List.of() : linux.readonlyPaths();
        for (int i = 0; i < readonly.size(); i++) {
            String p = readonly.get(i);
            List<String> src = List.of("/linux/readonlyPaths/" + i);
            long bind = Linux.MS_BIND | Linux.MS_REC;
            steps.add(new Mount(p, p, null, bind, null, null, Mount.IGNORE_MISSING, Linux.mountFlagNames(bind), src));
            long ro = Linux.MS_BIND | Linux.MS_REMOUNT | Linux.MS_RDONLY;
            steps.add(new Mount(null, p, null, ro, null, null, Mount.IGNORE_MISSING, Linux.mountFlagNames(ro), src));
        }
        List<String> masked = linux.maskedPaths() == null ? List.of() : linux.maskedPaths();
        for (int i = 0; i < masked.size(); i++) {
            steps.add(new NativeStep.MaskPath(masked.get(i), List.of("/linux/maskedPaths/" + i)));
        }
    }

    static String normalize(String path) {
        if (path == null) return "";
        String n = Path.of("/").resolve(path).normalize().toString();
        return n;
    }
}
