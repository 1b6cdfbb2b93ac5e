package io.minicontainer.validate;

import io.minicontainer.cgroup.CgroupLayout;
import io.minicontainer.spec.CapabilityNames;
import io.minicontainer.spec.LoadedSpec;
import io.minicontainer.spec.Spec;
import io.minicontainer.validate.Diagnostic.Severity;
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
        checkNamespacePaths(spec, at, out);
        return new ValidationResult(out);
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
        out.add(at.at(Severity.ERROR, CHECK, "/process/args/0", "executable \"" + arg0 + "\" not found " + where,
                "the program must exist inside root.path and have an execute bit"));
    }

    /** Container dir → host dir for the config's bind mounts (relative sources resolve against the bundle). */
    private static java.util.Map<String, Path> bindSources(Spec spec, Path bundleDir) {
        java.util.Map<String, Path> binds = new java.util.HashMap<>();
        if (spec.mounts() == null) return binds;
        for (Spec.Mount m : spec.mounts()) {
            boolean bind = "bind".equals(m.type()) || (m.options() != null && (m.options().contains("bind") || m.options().contains("rbind")));
            if (bind && m.source() != null && m.destination() != null) {
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
    }

    private static void need(String controller, String pointer, CgroupLayout layout, Locator at, List<Diagnostic> out) {
        Map<String, String> v1 = layout.v1() == null ? Map.of() : layout.v1();
        Set<String> v2 = layout.unifiedControllers() == null ? Set.of() : layout.unifiedControllers();
        if (v1.containsKey(controller) || v2.contains(controller)) return;
        out.add(at.at(Severity.ERROR, CHECK, pointer, "the " + controller + " cgroup controller is not available on this host",
                "remove this limit or enable the controller"));
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
            long nsfs = (Long) Files.getAttribute(Path.of("/proc/self/ns/net"), "unix:dev");
            if ((Long) a.get("dev") != nsfs) return "is not a namespace file (" + kind((Integer) a.get("mode")) + ")";
            if (Files.isSymbolicLink(p)) {
                String target = Files.readSymbolicLink(p).toString();
                if (!target.startsWith(procName(type) + ":")) return "is a " + target.substring(0, Math.max(0, target.indexOf(':'))) + " namespace, not " + type;
            }
            return null;
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
        return switch (type) {
            case "network" -> "net";
            case "mount" -> "mnt";
            default -> type;
        };
    }

    private static String show(long v) { return v == -1 ? "unlimited" : Long.toUnsignedString(v); }

    private static boolean nonEmpty(String s) { return s != null && !s.isEmpty(); }
}
