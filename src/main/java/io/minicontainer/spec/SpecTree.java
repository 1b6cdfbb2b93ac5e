package io.minicontainer.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * {@link Spec} as the JSON tree Jackson's ObjectMapper writes for it, built by hand (the reverse of
 * {@link SpecBinder}), and a tree as the indented text of {@code writerWithDefaultPrettyPrinter()}, written
 * by hand. The quick form writes its synthesised config this way: through databind's
 * record serializers it loaded ~365 databind classes and built an ObjectMapper on every start
 * (docs/STARTUP.md). SpecTreeTest compares both with ObjectMapper's output on every config of the repository.
 *
 * <p>Jackson's rules for {@code Spec}: components in declaration order; a record marked NON_NULL leaves
 * out its null components, the others write them as null; null list elements and map values are
 * written; {@code Root.readonly}, {@code Process.terminal} and {@code Process.noNewPrivileges} are
 * written through their {@code isX()} getters, so a null is written as false.
 */
public final class SpecTree {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private SpecTree() {}

    public static ObjectNode of(Spec s) {
        ObjectNode o = NODES.objectNode();
        put(o, "ociVersion", s.ociVersion());
        if (s.root() != null) o.set("root", root(s.root()));
        if (s.process() != null) o.set("process", process(s.process()));
        put(o, "hostname", s.hostname());
        put(o, "domainname", s.domainname());
        if (s.mounts() != null) {
            ArrayNode a = o.putArray("mounts");
            for (Spec.Mount m : s.mounts()) a.add(m == null ? NODES.nullNode() : mount(m));
        }
        if (s.hooks() != null) o.set("hooks", hooks(s.hooks()));
        if (s.annotations() != null) o.set("annotations", stringMap(s.annotations()));
        if (s.linux() != null) o.set("linux", linux(s.linux()));
        return o;
    }

    public static ObjectNode of(Spec.Capabilities c) {
        ObjectNode o = NODES.objectNode();
        strings(o, "bounding", c.bounding());
        strings(o, "effective", c.effective());
        strings(o, "inheritable", c.inheritable());
        strings(o, "permitted", c.permitted());
        strings(o, "ambient", c.ambient());
        return o;
    }

    /**
     * The tree as ObjectMapper's INDENT_OUTPUT writes it (DefaultPrettyPrinter), without a trailing newline. Written
     * by hand, not with Jackson's generator: starting the generator (JsonFactory, its buffers, symbol tables and the
     * pretty printer: ~70 classes) was most of the quick form's "config written" step. Quick /bin/true, CPU and wall
     * against the generator: x0.946, x0.935 (25 A/B pairs, load 4.5); x0.957, x0.961 (31, load 5.3); x0.972, x0.975 (31, load 1.1).
     * SpecTreeTest holds the text equal to ObjectMapper's.
     */
    public static String pretty(JsonNode tree) {
        StringBuilder out = new StringBuilder(4096);
        write(out, tree, 0);
        return out.toString();
    }

    /** DefaultPrettyPrinter: objects one member a line, indented two spaces a level, " : "; arrays on one line, "[ a, b ]". */
    private static void write(StringBuilder out, JsonNode n, int level) {
        switch (n.getNodeType()) {
            case OBJECT -> {
                if (n.isEmpty()) {
                    out.append("{ }");
                    return;
                }
                out.append('{');
                boolean first = true;
                for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    if (!first) out.append(',');
                    first = false;
                    newline(out, level + 1);
                    JsonText.string(out, e.getKey(), false);
                    out.append(" : ");
                    write(out, e.getValue(), level + 1);
                }
                newline(out, level);
                out.append('}');
            }
            case ARRAY -> {
                if (n.isEmpty()) {
                    out.append("[ ]");
                    return;
                }
                out.append("[ ");
                boolean first = true;
                for (JsonNode e : n) {
                    if (!first) out.append(", ");
                    first = false;
                    write(out, e, level);
                }
                out.append(" ]");
            }
            case STRING -> JsonText.string(out, n.textValue(), false);
            case BOOLEAN -> out.append(n.booleanValue());
            case NULL -> out.append("null");
            case NUMBER -> {
                if (n.isInt()) out.append(n.intValue());
                else if (n.isLong()) out.append(n.longValue());
                else if (n.isBigInteger()) out.append(n.bigIntegerValue());
                else out.append(n.decimalValue()); // BigDecimal.toString(), as the generator without WRITE_BIGDECIMAL_AS_PLAIN
            }
            default -> throw new IllegalArgumentException("not a config value: " + n.getNodeType());
        }
    }

    private static void newline(StringBuilder out, int level) {
        out.append('\n'); // DefaultIndenter's system line feed: the runtime is Linux-only
        for (int i = 0; i < level; i++) out.append("  ");
    }

    private static ObjectNode root(Spec.Root r) {
        ObjectNode o = NODES.objectNode();
        put(o, "path", r.path());
        o.put("readonly", r.isReadonly());
        return o;
    }

    private static ObjectNode process(Spec.Process p) {
        ObjectNode o = NODES.objectNode();
        o.put("terminal", p.isTerminal());
        if (p.consoleSize() != null) o.putObject("consoleSize").put("height", p.consoleSize().height()).put("width", p.consoleSize().width());
        if (p.user() != null) o.set("user", user(p.user()));
        strings(o, "args", p.args());
        strings(o, "env", p.env());
        put(o, "cwd", p.cwd());
        if (p.capabilities() != null) o.set("capabilities", of(p.capabilities()));
        if (p.rlimits() != null) {
            ArrayNode a = o.putArray("rlimits");
            for (Spec.Rlimit r : p.rlimits()) {
                if (r == null) a.addNull();
                else a.addObject().put("type", r.type()).put("hard", r.hard()).put("soft", r.soft());
            }
        }
        o.put("noNewPrivileges", p.isNoNewPrivileges());
        put(o, "oomScoreAdj", p.oomScoreAdj());
        put(o, "apparmorProfile", p.apparmorProfile());
        put(o, "selinuxLabel", p.selinuxLabel());
        if (p.ioPriority() != null) {
            ObjectNode io = o.putObject("ioPriority");
            put(io, "class", p.ioPriority().ioClass());
            put(io, "priority", p.ioPriority().priority());
        }
        return o;
    }

    private static ObjectNode user(Spec.User u) {
        ObjectNode o = NODES.objectNode();
        put(o, "uid", u.uid());
        put(o, "gid", u.gid());
        put(o, "umask", u.umask());
        if (u.additionalGids() != null) {
            ArrayNode a = o.putArray("additionalGids");
            for (Long g : u.additionalGids()) a.add(g == null ? NODES.nullNode() : NODES.numberNode(g));
        }
        put(o, "username", u.username());
        return o;
    }

    private static ObjectNode mount(Spec.Mount m) {
        ObjectNode o = NODES.objectNode();
        put(o, "destination", m.destination());
        put(o, "type", m.type());
        put(o, "source", m.source());
        strings(o, "options", m.options());
        return o;
    }

    private static ObjectNode hooks(Spec.Hooks h) {
        ObjectNode o = NODES.objectNode();
        hookList(o, "prestart", h.prestart());
        hookList(o, "createRuntime", h.createRuntime());
        hookList(o, "createContainer", h.createContainer());
        hookList(o, "startContainer", h.startContainer());
        hookList(o, "poststart", h.poststart());
        hookList(o, "poststop", h.poststop());
        return o;
    }

    private static void hookList(ObjectNode o, String name, List<Spec.Hook> hooks) {
        if (hooks == null) return;
        ArrayNode a = o.putArray(name);
        for (Spec.Hook h : hooks) {
            if (h == null) {
                a.addNull();
                continue;
            }
            ObjectNode e = a.addObject();
            put(e, "path", h.path());
            strings(e, "args", h.args());
            strings(e, "env", h.env());
            put(e, "timeout", h.timeout());
        }
    }

    private static ObjectNode linux(Spec.Linux l) {
        ObjectNode o = NODES.objectNode();
        if (l.namespaces() != null) {
            ArrayNode a = o.putArray("namespaces");
            for (Spec.Namespace n : l.namespaces()) {
                if (n == null) {
                    a.addNull();
                    continue;
                }
                ObjectNode e = a.addObject();
                put(e, "type", n.type());
                put(e, "path", n.path());
            }
        }
        idMappings(o, "uidMappings", l.uidMappings());
        idMappings(o, "gidMappings", l.gidMappings());
        if (l.resources() != null) o.set("resources", resources(l.resources()));
        put(o, "cgroupsPath", l.cgroupsPath());
        if (l.sysctl() != null) o.set("sysctl", stringMap(l.sysctl()));
        strings(o, "maskedPaths", l.maskedPaths());
        strings(o, "readonlyPaths", l.readonlyPaths());
        if (l.devices() != null) {
            ArrayNode a = o.putArray("devices");
            for (Spec.Device d : l.devices()) {
                if (d == null) {
                    a.addNull();
                    continue;
                }
                ObjectNode e = a.addObject();
                put(e, "path", d.path());
                put(e, "type", d.type());
                put(e, "major", d.major());
                put(e, "minor", d.minor());
                put(e, "fileMode", d.fileMode());
                put(e, "uid", d.uid());
                put(e, "gid", d.gid());
            }
        }
        put(o, "rootfsPropagation", l.rootfsPropagation());
        if (l.seccomp() != null) o.set("seccomp", seccomp(l.seccomp()));
        put(o, "mountLabel", l.mountLabel());
        if (l.personality() != null) {
            ObjectNode p = o.putObject("personality");
            put(p, "domain", l.personality().domain());
            strings(p, "flags", l.personality().flags());
        }
        return o;
    }

    private static void idMappings(ObjectNode o, String name, List<Spec.IdMapping> mappings) {
        if (mappings == null) return;
        ArrayNode a = o.putArray(name);
        for (Spec.IdMapping m : mappings) {
            if (m == null) a.addNull();
            else a.addObject().put("containerID", m.containerID()).put("hostID", m.hostID()).put("size", m.size());
        }
    }

    private static ObjectNode resources(Spec.Resources r) {
        ObjectNode o = NODES.objectNode();
        if (r.memory() != null) {
            Spec.Memory m = r.memory();
            ObjectNode e = o.putObject("memory");
            put(e, "limit", m.limit());
            put(e, "reservation", m.reservation());
            put(e, "swap", m.swap());
            put(e, "kernel", m.kernel());
            put(e, "kernelTCP", m.kernelTCP());
            put(e, "swappiness", m.swappiness());
            put(e, "disableOOMKiller", m.disableOOMKiller());
        }
        if (r.pids() != null) o.putObject("pids").put("limit", r.pids().limit());
        if (r.cpu() != null) {
            Spec.Cpu c = r.cpu();
            ObjectNode e = o.putObject("cpu");
            put(e, "shares", c.shares());
            put(e, "quota", c.quota());
            put(e, "period", c.period());
            put(e, "realtimeRuntime", c.realtimeRuntime());
            put(e, "realtimePeriod", c.realtimePeriod());
            put(e, "cpus", c.cpus());
            put(e, "mems", c.mems());
        }
        if (r.devices() != null) {
            ArrayNode a = o.putArray("devices");
            for (Spec.DeviceRule d : r.devices()) {
                if (d == null) {
                    a.addNull();
                    continue;
                }
                ObjectNode e = a.addObject();
                e.put("allow", d.allow());
                put(e, "type", d.type());
                put(e, "major", d.major());
                put(e, "minor", d.minor());
                put(e, "access", d.access());
            }
        }
        if (r.blockIO() != null) {
            Spec.BlockIO b = r.blockIO();
            ObjectNode e = o.putObject("blockIO");
            throttles(e, "throttleReadBpsDevice", b.throttleReadBpsDevice());
            throttles(e, "throttleWriteBpsDevice", b.throttleWriteBpsDevice());
            throttles(e, "throttleReadIOPSDevice", b.throttleReadIOPSDevice());
            throttles(e, "throttleWriteIOPSDevice", b.throttleWriteIOPSDevice());
        }
        return o;
    }

    private static void throttles(ObjectNode o, String name, List<Spec.ThrottleDevice> rules) {
        if (rules == null) return;
        ArrayNode a = o.putArray(name);
        for (Spec.ThrottleDevice t : rules) {
            if (t == null) a.addNull();
            else a.addObject().put("major", t.major()).put("minor", t.minor()).put("rate", t.rate());
        }
    }

    private static ObjectNode seccomp(Spec.Seccomp s) {
        ObjectNode o = NODES.objectNode();
        put(o, "defaultAction", s.defaultAction());
        put(o, "defaultErrnoRet", s.defaultErrnoRet());
        strings(o, "architectures", s.architectures());
        strings(o, "flags", s.flags());
        if (s.syscalls() != null) {
            ArrayNode a = o.putArray("syscalls");
            for (Spec.SyscallRule r : s.syscalls()) {
                if (r == null) {
                    a.addNull();
                    continue;
                }
                ObjectNode e = a.addObject();
                strings(e, "names", r.names());
                put(e, "action", r.action());
                put(e, "errnoRet", r.errnoRet());
                if (r.args() != null) {
                    ArrayNode args = e.putArray("args");
                    for (Spec.SyscallArg arg : r.args()) {
                        if (arg == null) {
                            args.addNull();
                            continue;
                        }
                        ObjectNode x = args.addObject().put("index", arg.index()).put("value", arg.value());
                        put(x, "valueTwo", arg.valueTwo());
                        put(x, "op", arg.op());
                    }
                }
            }
        }
        put(o, "listenerPath", s.listenerPath());
        put(o, "listenerMetadata", s.listenerMetadata());
        return o;
    }

    private static ObjectNode stringMap(Map<String, String> map) {
        ObjectNode o = NODES.objectNode();
        for (Map.Entry<String, String> e : map.entrySet()) o.put(e.getKey(), e.getValue()); // a null value is written as null
        return o;
    }

    private static void strings(ObjectNode o, String name, List<String> values) {
        if (values == null) return;
        ArrayNode a = o.putArray(name);
        for (String v : values) a.add(v); // a null element is written as null
    }

    // NON_NULL: an absent value is left out
    private static void put(ObjectNode o, String name, String v) { if (v != null) o.put(name, v); }
    private static void put(ObjectNode o, String name, Long v) { if (v != null) o.put(name, v); }
    private static void put(ObjectNode o, String name, Integer v) { if (v != null) o.put(name, v); }
    private static void put(ObjectNode o, String name, Boolean v) { if (v != null) o.put(name, v); }
}
