package io.minicontainer.diff;

import io.minicontainer.cgroup.DeviceRules;
import io.minicontainer.plan.HostStep;
import io.minicontainer.plan.NativeStep;
import io.minicontainer.plan.Plan;
import io.minicontainer.plan.Step;
import io.minicontainer.spec.CapabilityNames;
import io.minicontainer.spec.Spec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The isolation-relevant facts of one plan, keyed so that two plans line up: capabilities per set,
 * user and groups, no_new_privs, namespaces, limits, mounts, masked and read-only paths, device
 * rules and nodes, hooks. Values come from the plan's steps where a step carries them (capability
 * masks, uid, cgroup and rlimit values, masked paths), from the validated config otherwise.
 * Seccomp is compared by {@link SeccompDiff}, as its decisions only make sense side by side.
 */
final class IsolationView {
    static final long UNLIMITED = Long.MAX_VALUE;
    private static final List<String> CAP_SETS = List.of("bounding", "effective", "permitted", "inheritable", "ambient");
    private static final List<String> NAMESPACES = List.of("user", "pid", "network", "ipc", "uts", "mount", "cgroup", "time");

    private final Map<String, Entry> out = new LinkedHashMap<>();
    private final Spec spec;
    private final Plan plan;

    private IsolationView(Spec spec, Plan plan) {
        this.spec = spec;
        this.plan = plan;
    }

    static Map<String, Entry> of(Spec spec, Plan plan) {
        IsolationView v = new IsolationView(spec, plan);
        v.capabilities();
        v.user();
        v.namespaces();
        v.limits();
        v.mounts();
        v.paths();
        v.devices();
        v.hooks();
        v.process();
        return v.out;
    }

    private void add(Entry e) {
        String key = e.key();
        for (int n = 2; out.containsKey(key); n++) key = e.key() + " #" + n;
        out.put(key, key.equals(e.key()) ? e : new Entry(key, e.kind(), e.subject(), e.value(), e.reach(), e.absentReach(), e.pointer()));
    }

    private <T extends Step> T last(Class<T> type) {
        T found = null;
        for (Step s : plan.steps()) if (type.isInstance(s)) found = type.cast(s);
        return found;
    }

    // ---- capabilities: the masks the plan applies; without a step the process keeps what root has ----

    private void capabilities() {
        long all = CapabilityNames.last() >= 63 ? -1L : (1L << (CapabilityNames.last() + 1)) - 1;
        NativeStep.KeepBounding bounding = last(NativeStep.KeepBounding.class);
        NativeStep.SetCapabilities caps = last(NativeStep.SetCapabilities.class);
        NativeStep.SetAmbient ambient = last(NativeStep.SetAmbient.class);
        long[] masks = {
            bounding == null ? all : bounding.keep(),
            caps == null ? all : caps.effective(),
            caps == null ? all : caps.permitted(),
            caps == null ? 0 : caps.inheritable(),
            ambient == null ? 0 : ambient.mask()};
        for (int s = 0; s < CAP_SETS.size(); s++) {
            String set = CAP_SETS.get(s);
            for (int bit = 0; bit <= CapabilityNames.last(); bit++) {
                if ((masks[s] & (1L << bit)) == 0) continue;
                String name = CapabilityNames.name(bit);
                add(Entry.presence("capability " + set + " " + name, "capability", name + " in " + set, "", true, capPointer(set, name)));
            }
        }
    }

    private String capPointer(String set, String name) {
        Spec.Capabilities caps = spec.process().capabilities();
        List<String> names = caps == null ? null : switch (set) {
            case "bounding" -> caps.bounding();
            case "effective" -> caps.effective();
            case "permitted" -> caps.permitted();
            case "inheritable" -> caps.inheritable();
            default -> caps.ambient();
        };
        if (names != null) {
            for (int i = 0; i < names.size(); i++) {
                if (CapabilityNames.canonical(names.get(i)).map(name::equals).orElse(false)) return "/process/capabilities/" + set + "/" + i;
            }
        }
        return caps == null ? "/process" : "/process/capabilities/" + set;
    }

    // ---- user and groups, no_new_privs ----

    private void user() {
        NativeStep.SetUid uid = last(NativeStep.SetUid.class);
        NativeStep.SetGid gid = last(NativeStep.SetGid.class);
        if (uid != null) add(new Entry("user uid", "user", "uid", Long.toString(uid.uid()), uid.uid() == 0 ? 1 : 0, 0, "/process/user/uid"));
        if (gid != null) add(new Entry("user gid", "user", "gid", Long.toString(gid.gid()), gid.gid() == 0 ? 1 : 0, 0, "/process/user/gid"));
        NativeStep.SetGroups groups = last(NativeStep.SetGroups.class);
        List<Long> extra = spec.process().user() == null || spec.process().user().additionalGids() == null ? List.of()
                : spec.process().user().additionalGids();
        if (groups != null) {
            for (long g : groups.gids()) {
                int i = extra.indexOf(g);
                add(Entry.presence("user group " + g, "user", "group " + g, "", true,
                        i < 0 ? "/process/user/additionalGids" : "/process/user/additionalGids/" + i));
            }
        }
        for (Step s : plan.steps()) {
            if (s instanceof NativeStep.WriteChildFile w && w.name().endsWith("_map")) {
                String which = w.name().startsWith("uid") ? "uidMappings" : "gidMappings";
                add(new Entry("user " + w.name(), "user", w.name(), w.content().trim().replace("\n", "; "), 0, 0, "/linux/" + which));
            }
        }
        boolean nnp = last(NativeStep.NoNewPrivileges.class) != null;
        add(new Entry("no_new_privs", "process", "no_new_privs", nnp ? "on" : "off", nnp ? 0 : 1, 0, "/process/noNewPrivileges"));
    }

    // ---- namespaces: new, joined, or the host's ----

    private void namespaces() {
        List<Spec.Namespace> given = spec.linux() == null || spec.linux().namespaces() == null ? List.of() : spec.linux().namespaces();
        for (String type : NAMESPACES) {
            int index = -1;
            for (int i = 0; i < given.size(); i++) if (type.equals(given.get(i).type())) index = i;
            if (index < 0) {
                add(new Entry("namespace " + type, "namespace", type, "shared with the host", 2, 2, "/linux/namespaces"));
                continue;
            }
            String path = given.get(index).path();
            boolean joined = path != null && !path.isEmpty();
            boolean hosts = joined && io.minicontainer.spec.Spec.Namespace.isHostPath(path);
            String value = !joined ? "new" : hosts ? "the host's (joins " + path + ")" : "joins " + path;
            add(new Entry("namespace " + type, "namespace", type, value, !joined ? 0 : hosts ? 2 : 1, 2,
                    "/linux/namespaces/" + index + (joined ? "/path" : "")));
        }
    }

    // ---- limits: the cgroup values the plan writes, and rlimits ----

    private void limits() {
        for (Step s : plan.steps()) {
            if (s instanceof HostStep.CgroupWrite w && !w.sources().isEmpty() && !w.sources().get(0).isEmpty()) {
                String file = w.file().substring(w.file().lastIndexOf('/') + 1);
                if (file.startsWith("devices.") || file.startsWith("cgroup.")) continue;
                // per-device files (io.max, blkio.throttle.*) are written once per device and key: one entry each
                String subject = w.value().matches("\\d+:\\d+ .*") ? file + " " + w.value().substring(0, w.value().indexOf(' ')) : file;
                long reach = reach(w.value());
                add(new Entry("limit " + subject, "limit", subject, w.value(), reach,
                        reach == 0 && !numeric(w.value()) ? 0 : UNLIMITED, w.sources().get(0)));
            } else if (s instanceof NativeStep.SetRlimit r) {
                long hard = r.hard() < 0 ? UNLIMITED : r.hard(); // RLIM_INFINITY is all ones
                add(new Entry("rlimit " + r.name(), "limit", r.name(), "soft " + show(r.soft()) + " hard " + show(r.hard()),
                        hard, UNLIMITED, r.sources().isEmpty() ? "/process/rlimits" : r.sources().get(0)));
            }
        }
    }

    private static String show(long v) { return v == -1 ? "unlimited" : Long.toUnsignedString(v); }

    private static boolean numeric(String value) { return value.split(" ")[0].matches("-?[0-9]+|max"); }

    /** "max" (and "max 100000", cpu.max) is no limit; a number is its own reach; anything else has none. */
    private static long reach(String value) {
        // "8:0 rbps=1048576" (io.max) or "8:0 1048576" (blkio.throttle.*): the rate after the device and key
        if (value.matches("\\d+:\\d+ .*")) value = value.substring(value.indexOf(' ') + 1).replaceFirst("^[a-z]+=", "");
        String first = value.split(" ")[0];
        if (first.equals("max") || first.equals("-1")) return UNLIMITED;
        try {
            return Long.parseLong(first);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    // ---- mounts, masked and read-only paths, the root ----

    private void mounts() {
        List<Spec.Mount> mounts = spec.mounts() == null ? List.of() : spec.mounts();
        for (int i = 0; i < mounts.size(); i++) {
            Spec.Mount m = mounts.get(i);
            List<String> options = m.options() == null ? List.of() : m.options();
            boolean bind = m.isBind();
            boolean ro = options.contains("ro");
            boolean kernel = List.of("sysfs", "cgroup", "cgroup2").contains(m.type());   // writable host kernel state
            long reach = bind && m.source() != null && m.source().startsWith("/") ? (ro ? 1 : 2) : (kernel && !ro ? 1 : 0);
            String value = (m.type() == null ? "bind" : m.type()) + " " + (m.source() == null ? "" : m.source() + " ")
                    + "(" + String.join(",", options) + ")";
            add(new Entry("mount " + m.destination(), "mount", m.destination(), value, reach, 0, "/mounts/" + i));
        }
    }

    private void paths() {
        for (Step s : plan.steps()) {
            if (s instanceof NativeStep.MaskPath m) {
                add(Entry.presence("masked " + m.path(), "masked path", m.path(), "", false, m.sources().get(0)));
            }
        }
        List<String> readonly = spec.linux() == null || spec.linux().readonlyPaths() == null ? List.of() : spec.linux().readonlyPaths();
        for (int i = 0; i < readonly.size(); i++) {
            add(Entry.presence("readonly " + readonly.get(i), "readonly path", readonly.get(i), "", false, "/linux/readonlyPaths/" + i));
        }
        boolean ro = spec.root() != null && spec.root().isReadonly();
        add(new Entry("rootfs", "root", "file system", ro ? "read-only" : "writable", ro ? 0 : 1, 1, "/root/readonly"));
    }

    // ---- devices: the config's cgroup rules (in force before runc's defaults) and the nodes made ----

    private void devices() {
        Spec.Resources r = spec.linux() == null ? null : spec.linux().resources();
        List<Spec.DeviceRule> rules = r == null || r.devices() == null ? List.of() : r.devices();
        for (int i = 0; i < rules.size(); i++) {
            DeviceRules.Rule rule = DeviceRules.fromConfig(rules.get(i), "/linux/resources/devices/" + i);
            add(Entry.presence("device rule " + rule.describe(), "device rule", rule.describe(), "", rule.allow(),
                    "/linux/resources/devices/" + i));
        }
        List<Spec.Device> nodes = spec.linux() == null || spec.linux().devices() == null ? List.of() : spec.linux().devices();
        for (int i = 0; i < nodes.size(); i++) {
            Spec.Device d = nodes.get(i);
            String value = d.type() + " " + d.major() + ":" + d.minor()
                    + (d.fileMode() == null ? "" : String.format(" mode %04o", d.fileMode()))
                    + (d.uid() == null ? "" : " uid " + d.uid()) + (d.gid() == null ? "" : " gid " + d.gid());
            add(Entry.presence("device node " + d.path(), "device node", d.path(), value, true, "/linux/devices/" + i));
        }
    }

    // ---- hooks (neutral: the runtime's own programs, but a reviewer must see them) ----

    private void hooks() {
        for (Step s : plan.steps()) hook(s);
        for (Step s : plan.poststop()) hook(s);
    }

    private void hook(Step s) {
        String stage, path;
        List<String> args;
        Integer timeout;
        if (s instanceof HostStep.RunHook h) {
            stage = h.stage(); path = h.path(); args = h.args(); timeout = h.timeout();
        } else if (s instanceof NativeStep.ContainerHook h) {
            stage = h.stage(); path = h.path(); args = h.args(); timeout = h.timeout() == 0 ? null : h.timeout();
        } else {
            return;
        }
        String command = path + (args == null || args.size() <= 1 ? "" : " " + String.join(" ", args.subList(1, args.size())));
        add(new Entry("hook " + stage + " " + command, "hook", stage + " " + command,
                timeout == null ? "no timeout" : "timeout " + timeout + "s", 0, 0, s.sources().isEmpty() ? "/hooks" : s.sources().get(0)));
    }

    // ---- the program and sysctls (neutral, listed so that nothing changes unseen) ----

    private void process() {
        List<String> args = spec.process().args() == null ? List.of() : spec.process().args();
        add(new Entry("process args", "process", "args", String.join(" ", args), 0, 0, "/process/args"));
        Map<String, String> sysctl = spec.linux() == null || spec.linux().sysctl() == null ? Map.of() : spec.linux().sysctl();
        for (Map.Entry<String, String> e : new java.util.TreeMap<>(sysctl).entrySet()) {
            add(new Entry("sysctl " + e.getKey(), "sysctl", e.getKey(), e.getValue(), 0, 0,
                    io.minicontainer.spec.JsonPointers.append("/linux/sysctl", e.getKey())));
        }
    }
}
