package io.minicontainer.validate;

import io.minicontainer.cgroup.CgroupLayout;
import io.minicontainer.diag.Diagnostic;
import io.minicontainer.spec.CapabilityNames;
import io.minicontainer.spec.LoadedSpec;
import io.minicontainer.spec.NamespaceKind;
import io.minicontainer.spec.Spec;
import io.minicontainer.diag.Diagnostic.Severity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Checks for run/create that depend on this host rather than on the config alone: the rootfs and
 * the program exist, the cgroup controllers are there, and the rlimits can actually be raised.
 */
public final class HostPreflight {
    public static final String CHECK = "host-preflight";
    private static final int CAP_SYS_RESOURCE = CapabilityNames.number("CAP_SYS_RESOURCE").orElseThrow();

    private HostPreflight() {}

    public static ValidationResult check(LoadedSpec loaded, Path bundleDir, CgroupLayout layout) {
        return check(loaded, bundleDir, layout, HostLimits.ofThisProcess());
    }

    public static ValidationResult check(LoadedSpec loaded, Path bundleDir, CgroupLayout layout, HostLimits host) {
        Spec spec = loaded.spec();
        if (spec == null) return new ValidationResult(List.of());
        Locator at = new Locator(loaded);
        List<Diagnostic> out = new ArrayList<>();
        Path rootfs = checkRootfs(spec, bundleDir, at, out);
        if (rootfs != null) checkExecutable(spec, bundleDir, rootfs, at, out);
        if (layout != null) checkControllers(spec, layout, at, out);
        checkRlimits(spec, host, at, out);
        checkCapabilitiesHeld(spec, host, at, out);
        checkUserNamespaceDevices(spec, at, out);
        checkNamespacePaths(spec, at, out);
        checkMountNamespacePath(spec, at, out);
        checkHostHooks(spec, at, out);
        checkBindSources(spec, bundleDir, at, out);
        return new ValidationResult(out);
    }

    /**
     * Hooks that run from the host's filesystem (all but startContainer, which runs in the container's)
     * must be executable files: found now, a missing hook is a config error with its pointer (exit 65),
     * not a failure after the namespaces and cgroups were made (exit 71). Only stat: nothing is run.
     */
    private static void checkHostHooks(Spec spec, Locator at, List<Diagnostic> out) {
        Spec.Hooks h = spec.hooks();
        if (h == null) return;
        Map<String, List<Spec.Hook>> host = new java.util.LinkedHashMap<>();
        host.put("prestart", h.prestart());
        host.put("createRuntime", h.createRuntime());
        host.put("createContainer", h.createContainer());
        host.put("poststart", h.poststart());
        host.put("poststop", h.poststop());
        for (Map.Entry<String, List<Spec.Hook>> e : host.entrySet()) {
            List<Spec.Hook> hooks = e.getValue() == null ? List.of() : e.getValue();
            for (int i = 0; i < hooks.size(); i++) {
                Spec.Hook hook = hooks.get(i);
                if (hook == null || hook.path() == null || !hook.path().startsWith("/")) continue; // HookPathsCheck
                Path file = Path.of(hook.path());
                String pointer = "/hooks/" + e.getKey() + "/" + i + "/path";
                String problem = !Files.exists(file) ? "does not exist on the host"
                        : !Files.isRegularFile(file) ? "is not a regular file"
                        : !Files.isExecutable(file) ? "is not executable" : null;
                if (problem != null) {
                    out.add(at.at(Severity.ERROR, CHECK, pointer, "hook " + hook.path() + " " + problem,
                            "a " + e.getKey() + " hook runs from the host's filesystem; give an executable file there"));
                }
            }
        }
    }

    /**
     * A bind mount's source is a host path (relative ones resolve against the bundle, as runc does):
     * a missing one is a config error found now (exit 65), not an ENOENT after clone (exit 71).
     */
    private static void checkBindSources(Spec spec, Path bundleDir, Locator at, List<Diagnostic> out) {
        List<Spec.Mount> mounts = spec.mounts() == null ? List.of() : spec.mounts();
        for (int i = 0; i < mounts.size(); i++) {
            Spec.Mount m = mounts.get(i);
            if (m == null || m.source() == null || m.source().isEmpty()) continue;
            if (!m.isBind()) continue;
            Path source = bundleDir.resolve(m.source());
            if (!Files.exists(source) && !madeByAnEarlierMount(spec, bundleDir, mounts, i, source.normalize())) {
                out.add(at.at(Severity.ERROR, CHECK, "/mounts/" + i + "/source", "bind mount source " + source + " does not exist on the host",
                        "create it first, or fix the path"));
            }
        }
    }

    /** A source inside the rootfs below an earlier mount's destination exists only once that mount is made. */
    private static boolean madeByAnEarlierMount(Spec spec, Path bundleDir, List<Spec.Mount> mounts, int index, Path source) {
        if (spec.root() == null || spec.root().path() == null) return false;
        Path rootfs = bundleDir.resolve(spec.root().path()).normalize();
        for (int j = 0; j < index; j++) {
            Spec.Mount earlier = mounts.get(j);
            if (earlier == null || earlier.destination() == null) continue;
            Path dest = rootfs.resolve(earlier.destination().replaceFirst("^/+", "")).normalize();
            if (dest.startsWith(rootfs) && source.startsWith(dest)) return true;
        }
        return false;
    }

    /** The rootfs directory on the host, or null if it is missing (already reported). */
    private static Path checkRootfs(Spec spec, Path bundleDir, Locator at, List<Diagnostic> out) {
        if (spec.root() == null || spec.root().path() == null || spec.root().path().isBlank()) return null;
        Path rootfs = bundleDir.resolve(spec.root().path()); // an absolute root.path wins over the bundle dir
        if (!Files.exists(rootfs)) {
            out.add(at.at(Severity.ERROR, CHECK, "/root/path", "root.path \"" + spec.root().path() + "\" does not exist ("
                    + rootfs + ")", "unpack an image there, e.g. a busybox rootfs"));
            return null;
        }
        if (!Files.isDirectory(rootfs)) {
            out.add(at.at(Severity.ERROR, CHECK, "/root/path", "root.path \"" + spec.root().path() + "\" is not a directory", null));
            return null;
        }
        return rootfs;
    }

    private static void checkExecutable(Spec spec, Path bundleDir, Path rootfs, Locator at, List<Diagnostic> out) {
        Spec.Process p = spec.process();
        if (p == null || p.args() == null || p.args().isEmpty() || p.args().get(0) == null || p.args().get(0).isEmpty()) return;
        String arg0 = p.args().get(0);
        if (RootfsPaths.resolveExecutable(rootfs, bindSources(spec, bundleDir), arg0, p.env(), p.cwd()).isPresent()) return;
        String where = arg0.indexOf('/') >= 0 ? "in the rootfs" : "in the container's PATH " + RootfsPaths.pathOf(p.env());
        String mount = mountThatMayProvide(spec, arg0, p.env(), p.cwd());
        if (mount != null) {
            // execve runs after the mounts: podman --init, for one, bind-mounts /run/podman-init there
            out.add(at.at(Severity.WARNING, CHECK, "/process/args/0", "executable \"" + arg0 + "\" not found " + where
                    + " before the mounts; " + mount + " may provide it", null));
            return;
        }
        out.add(at.at(Severity.ERROR, CHECK, "/process/args/0", "executable \"" + arg0 + "\" not found " + where,
                "the program must exist inside root.path and have an execute bit"));
    }

    /** The pointer of the first config mount whose destination is, or contains, a place execve will look. */
    private static String mountThatMayProvide(Spec spec, String arg0, List<String> env, String cwd) {
        if (spec.mounts() == null) return null;
        List<String> candidates = new ArrayList<>();
        if (arg0.indexOf('/') >= 0) {
            candidates.add(arg0.startsWith("/") ? arg0 : (cwd == null ? "/" : cwd) + "/" + arg0);
        } else {
            for (String dir : RootfsPaths.pathOf(env).split(":")) if (dir.startsWith("/")) candidates.add(dir + "/" + arg0);
        }
        for (int i = 0; i < spec.mounts().size(); i++) {
            Spec.Mount m = spec.mounts().get(i);
            if (m == null || m.destination() == null) continue;
            Path dest = Path.of("/").resolve(m.destination()).normalize();
            for (String c : candidates) {
                if (Path.of("/").resolve(c).normalize().startsWith(dest)) return "/mounts/" + i;
            }
        }
        return null;
    }

    /** Container dir → host dir for the config's bind mounts (relative sources resolve against the bundle). */
    private static java.util.Map<String, Path> bindSources(Spec spec, Path bundleDir) {
        java.util.Map<String, Path> binds = new java.util.HashMap<>();
        if (spec.mounts() == null) return binds;
        for (Spec.Mount m : spec.mounts()) {
            if (m.isBind() && m.source() != null && m.destination() != null) {
                binds.put(Path.of("/").resolve(m.destination()).normalize().toString(), bundleDir.resolve(m.source()).normalize());
            }
        }
        return binds;
    }

    private static void checkControllers(Spec spec, CgroupLayout layout, Locator at, List<Diagnostic> out) {
        if (spec.linux() == null || spec.linux().resources() == null) return;
        Spec.Resources r = spec.linux().resources();
        String base = "/linux/resources/";
        if (r.memory() != null) need("memory", base + "memory", layout, at, out);
        if (r.pids() != null) need("pids", base + "pids", layout, at, out);
        Spec.Cpu c = r.cpu();
        if (c != null) {
            if (c.shares() != null || c.quota() != null || c.period() != null) need("cpu", base + "cpu", layout, at, out);
            if (nonEmpty(c.cpus()) || nonEmpty(c.mems())) need("cpuset", base + "cpu", layout, at, out);
        }
        // v2 enforces device rules with a BPF program (no controller to look for); v1 and hybrid need the hierarchy.
        boolean v1 = layout.mode() == CgroupLayout.Mode.V1 || layout.mode() == CgroupLayout.Mode.HYBRID;
        if (r.devices() != null && !r.devices().isEmpty() && v1 && (layout.v1() == null || !layout.v1().containsKey("devices"))) {
            out.add(at.at(Severity.ERROR, CHECK, base + "devices", "the devices cgroup controller is not mounted on this host,"
                    + " so the device rules cannot be enforced", "mount the v1 devices hierarchy or remove linux.resources.devices"));
        }
        Spec.Memory m = r.memory();
        boolean v1Memory = layout.v1() != null && layout.v1().containsKey("memory");
        if (m != null && !v1Memory) {
            // these exist only as cgroup v1 files; on a v2-only host they could not be applied
            if (m.kernelTCP() != null) v1Only(base + "memory/kernelTCP", "memory.kernelTCP", at, out);
            if (m.swappiness() != null) v1Only(base + "memory/swappiness", "memory.swappiness", at, out);
            if (Boolean.TRUE.equals(m.disableOOMKiller())) v1Only(base + "memory/disableOOMKiller", "memory.disableOOMKiller", at, out);
        }
        if (r.blockIO() != null && r.blockIO().hasThrottle()) {
            boolean blkio = (layout.v1() != null && layout.v1().containsKey("blkio"))
                    || (layout.unifiedControllers() != null && layout.unifiedControllers().contains("io"));
            if (!blkio) {
                out.add(at.at(Severity.ERROR, CHECK, base + "blockIO", "neither the blkio (v1) nor the io (v2) cgroup controller is available on this host",
                        "remove the throttle limits or enable the controller"));
            } else {
                checkThrottledDevices(r.blockIO(), at, out);
            }
        }
    }

    /** The kernel takes throttle rules only for block devices that exist (/sys/dev/block/MAJ:MIN). */
    private static void checkThrottledDevices(Spec.BlockIO b, Locator at, List<Diagnostic> out) {
        b.eachThrottle((list, i, t) -> {
            if (t.major() < 0 || t.minor() < 0) return;
            String dev = t.major() + ":" + t.minor();
            if (!Files.exists(Path.of("/sys/dev/block", dev))) {
                out.add(at.at(Severity.ERROR, CHECK, "/linux/resources/blockIO/" + list + "/" + i,
                        "there is no block device " + dev + " on this host", "see /sys/dev/block for the devices there are"));
            }
        });
    }

    private static void v1Only(String pointer, String field, Locator at, List<Diagnostic> out) {
        out.add(at.at(Severity.ERROR, CHECK, pointer, field + " needs the cgroup v1 memory controller, which this host does not have",
                "cgroup v2 has no such setting; remove it"));
    }

    private static void need(String controller, String pointer, CgroupLayout layout, Locator at, List<Diagnostic> out) {
        Map<String, String> v1 = layout.v1() == null ? Map.of() : layout.v1();
        Set<String> v2 = layout.unifiedControllers() == null ? Set.of() : layout.unifiedControllers();
        if (v1.containsKey(controller) || v2.contains(controller)) return;
        out.add(at.at(Severity.ERROR, CHECK, pointer, "the " + controller + " cgroup controller is not available on this host",
                "remove this limit or enable the controller"));
    }

    /**
     * In a new user namespace mknod is refused, so each linux.devices entry becomes a bind of the host's
     * node at the same path (as runc does): that node must exist and be the device the config names.
     */
    private static void checkUserNamespaceDevices(Spec spec, Locator at, List<Diagnostic> out) {
        if (spec.linux() == null || spec.linux().devices() == null || spec.linux().namespaces() == null) return;
        if (spec.linux().userNamespace() == null) return; // new or joined: both bind the host's nodes
        List<Spec.Device> devices = spec.linux().devices();
        for (int i = 0; i < devices.size(); i++) {
            Spec.Device d = devices.get(i);
            if (d == null || d.path() == null || !d.path().startsWith("/")) continue;
            String ptr = "/linux/devices/" + i;
            String found = hostNode(Path.of(d.path()));
            String wanted = describeNode(d);
            if (found == null) {
                out.add(at.at(Severity.ERROR, CHECK, ptr, "in a user namespace " + d.path() + " is a bind of the host's node,"
                        + " and the host has none there", "create the node on the host, or run without a user namespace"));
            } else if (wanted != null && !wanted.equals(found)) {
                out.add(at.at(Severity.ERROR, CHECK, ptr, "in a user namespace " + d.path() + " is a bind of the host's node,"
                        + " which is " + found + ", not " + wanted, "use the host path of the device the config names"));
            }
        }
    }

    /** "c 10:229", "b 7:0", "p", or null when there is no node (or no such path). */
    private static String hostNode(Path p) {
        try {
            int mode = (Integer) Files.getAttribute(p, "unix:mode", java.nio.file.LinkOption.NOFOLLOW_LINKS);
            long rdev = (Long) Files.getAttribute(p, "unix:rdev", java.nio.file.LinkOption.NOFOLLOW_LINKS);
            long major = (rdev >>> 8) & 0xfff, minor = (rdev & 0xff) | ((rdev >>> 12) & 0xfff00);
            return switch (mode & 0170000) {
                case 0020000 -> "c " + major + ":" + minor;
                case 0060000 -> "b " + major + ":" + minor;
                case 0010000 -> "p";
                default -> null;
            };
        } catch (java.io.IOException | UnsupportedOperationException e) {
            return null;
        }
    }

    private static String describeNode(Spec.Device d) {
        if ("p".equals(d.type())) return "p";
        if (d.major() == null || d.minor() == null || d.type() == null) return null; // reported by DeviceNodesCheck
        return ("u".equals(d.type()) ? "c" : d.type()) + " " + d.major() + ":" + d.minor();
    }

    private static final int CAP_SYS_ADMIN = CapabilityNames.number("CAP_SYS_ADMIN").orElseThrow();

    /**
     * A capability the runtime itself does not hold (not in this host's bounding set: CAP_SYS_RESOURCE
     * here) can never be raised for the container: capset fails with EPERM after clone. Said now, with
     * the pointer of each set that asks for it. The bounding set only drops, so it may name it.
     */
    private static void checkCapabilitiesHeld(Spec spec, HostLimits host, Locator at, List<Diagnostic> out) {
        if (spec.process() == null || spec.process().capabilities() == null) return;
        if (!host.hasCapability(CAP_SYS_ADMIN)) return; // not a privileged runtime (or unknown): nothing to compare with
        Spec.Capabilities caps = spec.process().capabilities();
        Map<String, List<String>> sets = new java.util.LinkedHashMap<>();
        sets.put("effective", caps.effective());
        sets.put("permitted", caps.permitted());
        sets.put("inheritable", caps.inheritable());
        sets.put("ambient", caps.ambient());
        for (Map.Entry<String, List<String>> e : sets.entrySet()) {
            List<String> names = e.getValue() == null ? List.of() : e.getValue();
            for (int i = 0; i < names.size(); i++) {
                String name = names.get(i);
                if (name == null) continue;
                java.util.Optional<Integer> nr = CapabilityNames.number(name);
                if (nr.isEmpty() || host.hasCapability(nr.get())) continue; // unknown names: CapabilitiesCheck
                out.add(at.at(Severity.ERROR, CHECK, "/process/capabilities/" + e.getKey() + "/" + i, CapabilityNames.name(nr.get())
                        + " is not in this host's bounding set, so no process here can hold it", "remove it from process.capabilities." + e.getKey()));
            }
        }
    }

    private static void checkRlimits(Spec spec, HostLimits host, Locator at, List<Diagnostic> out) {
        if (spec.process() == null || spec.process().rlimits() == null) return;
        if (host.hasCapability(CAP_SYS_RESOURCE)) return; // may raise hard limits freely
        List<Spec.Rlimit> list = spec.process().rlimits();
        for (int i = 0; i < list.size(); i++) {
            Spec.Rlimit r = list.get(i);
            if (r == null || r.type() == null) continue;
            OptionalLong ceiling = host.hardLimit(r.type());
            if (ceiling.isEmpty() || Long.compareUnsigned(r.hard(), ceiling.getAsLong()) <= 0) continue;
            out.add(at.at(Severity.ERROR, CHECK, "/process/rlimits/" + i + "/hard", r.type() + " hard "
                    + Long.toUnsignedString(r.hard()) + " exceeds this host's hard limit " + show(ceiling.getAsLong())
                    + " and CAP_SYS_RESOURCE is unavailable", "lower it to at most " + show(ceiling.getAsLong())));
        }
    }

    /**
     * The rootfs is set up inside a joined mount namespace, as runc does. If that namespace is the runtime's own,
     * this would be the host's mounts: refused like a config without a mount namespace that mounts.
     */
    private static void checkMountNamespacePath(Spec spec, Locator at, List<Diagnostic> out) {
        // a missing path is reported by checkNamespacePaths
        var own = NamespacePreflight.joinsOwn(spec, NamespaceKind.MOUNT, Path.of("/proc/self/ns/" + NamespaceKind.MOUNT.procName()));
        if (own.isPresent()) { // not ifPresent(lambda): linking a lambda costs every cold start, the error is rare
            out.add(at.at(Severity.ERROR, CHECK, "/linux/namespaces/" + own.get() + "/path", "this is the runtime's own"
                    + " mount namespace: setting up the rootfs there would change the host's mounts",
                    "give the path of another process's mount namespace, or a new one"));
        }
    }

    /**
     * A namespace path must be a namespace file (on nsfs, the filesystem of /proc/self/ns/*), checked
     * with stat, which never opens it: a FIFO planted there used to block the helper's open forever,
     * after the cgroups were made. The helper checks the opened file again (nsfs, NS_GET_NSTYPE).
     */
    private static void checkNamespacePaths(Spec spec, Locator at, List<Diagnostic> out) {
        if (spec.linux() == null || spec.linux().namespaces() == null) return;
        List<Spec.Namespace> list = spec.linux().namespaces();
        for (int i = 0; i < list.size(); i++) {
            Spec.Namespace ns = list.get(i);
            if (ns == null || ns.path() == null || ns.path().isEmpty() || ns.type() == null) continue;
            String problem = namespaceFileProblem(Path.of(ns.path()), ns.type());
            if (problem != null) {
                out.add(at.at(Severity.ERROR, CHECK, "/linux/namespaces/" + i + "/path", "namespace path \"" + ns.path() + "\" " + problem,
                        "give a namespace file such as /proc/<pid>/ns/" + procName(ns.type()) + " or a bind mount of one"));
            }
        }
    }

    static String namespaceFileProblem(Path p, String type) {
        try {
            Map<String, Object> a = Files.readAttributes(p, "unix:dev,mode");
            long nsfs = (Long) Files.getAttribute(Path.of("/proc/self/ns", io.minicontainer.spec.NamespaceKind.NETWORK.procName()), "unix:dev");
            if ((Long) a.get("dev") != nsfs) return "is not a namespace file (" + kind((Integer) a.get("mode")) + ")";
            // follow links (a user's link to /proc/self/ns/x, then /proc's own "x:[inode]" magic link) to the type
            Path q = p;
            for (int hops = 0; hops < 40 && Files.isSymbolicLink(q); hops++) {
                String target = Files.readSymbolicLink(q).toString();
                if (target.matches("[a-z_]+:\\[\\d+\\]")) {
                    return target.startsWith(procName(type) + ":") ? null
                            : "is a " + target.substring(0, target.indexOf(':')) + " namespace, not " + type;
                }
                q = q.toAbsolutePath().getParent().resolve(target);
            }
            return null; // a bind mount of a namespace file: the helper checks its type (NS_GET_NSTYPE)
        } catch (java.nio.file.NoSuchFileException e) {
            return "does not exist";
        } catch (java.io.IOException | RuntimeException e) {
            return "cannot be read: " + e.getMessage();
        }
    }

    private static String kind(int mode) {
        return switch (mode & 0170000) {
            case 0010000 -> "a FIFO";
            case 0140000 -> "a socket";
            case 0020000 -> "a character device";
            case 0060000 -> "a block device";
            case 0040000 -> "a directory";
            default -> "a regular file";
        };
    }

    private static String procName(String type) {
        return NamespaceKind.of(type).map(NamespaceKind::procName).orElse(type);
    }

    private static String show(long v) { return v == -1 ? "unlimited" : Long.toUnsignedString(v); }

    private static boolean nonEmpty(String s) { return s != null && !s.isEmpty(); }
}
