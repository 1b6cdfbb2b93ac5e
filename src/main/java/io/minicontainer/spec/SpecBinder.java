package io.minicontainer.spec;

import com.fasterxml.jackson.databind.JsonNode;
import io.minicontainer.spec.Spec.Capabilities;
import io.minicontainer.spec.Spec.ConsoleSize;
import io.minicontainer.spec.Spec.Cpu;
import io.minicontainer.spec.Spec.Device;
import io.minicontainer.spec.Spec.DeviceRule;
import io.minicontainer.spec.Spec.Hook;
import io.minicontainer.spec.Spec.Hooks;
import io.minicontainer.spec.Spec.IdMapping;
import io.minicontainer.spec.Spec.Linux;
import io.minicontainer.spec.Spec.Memory;
import io.minicontainer.spec.Spec.Mount;
import io.minicontainer.spec.Spec.Namespace;
import io.minicontainer.spec.Spec.Pids;
import io.minicontainer.spec.Spec.Process;
import io.minicontainer.spec.Spec.Resources;
import io.minicontainer.spec.Spec.Rlimit;
import io.minicontainer.spec.Spec.Root;
import io.minicontainer.spec.Spec.Seccomp;
import io.minicontainer.spec.Spec.SyscallArg;
import io.minicontainer.spec.Spec.SyscallRule;
import io.minicontainer.spec.Spec.User;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Binds an already-parsed config tree to {@link Spec} by hand. Jackson's reflective record binding
 * costs ~100 ms on a cold JVM; this costs almost nothing. It only accepts well-typed values and gives
 * exactly what Jackson would; anything else (a string where a number belongs, a number out of range,
 * a fraction, ...) makes it give up, and the caller binds with Jackson, which words the diagnostics.
 *
 * <p>Rules, as Jackson applies them to {@code Spec}: unknown members are ignored; an absent or
 * {@code null} member is {@code null} (0/false for primitive components); a {@code null} array element
 * stays {@code null}.
 */
public final class SpecBinder {
    private SpecBinder() {}

    /** A value this binder does not handle; never escapes {@link #bindOrNull}. */
    private static final class Unbindable extends RuntimeException {
        Unbindable() { super(null, null, false, false); } // no stack trace: it is control flow
    }

    /** The bound spec, or {@code null} when some value needs Jackson (and its diagnostics). */
    public static Spec bindOrNull(JsonNode tree) {
        if (tree == null || !tree.isObject()) return null;
        try {
            return spec(tree);
        } catch (Unbindable e) {
            return null;
        }
    }

    // ---- one method per record, components in declaration order ----

    private static Spec spec(JsonNode n) {
        return new Spec(str(n, "ociVersion"), record(n, "root", Root.class), record(n, "process", Process.class),
                str(n, "hostname"), str(n, "domainname"), list(n, "mounts", Mount.class),
                record(n, "hooks", Hooks.class), stringMap(n, "annotations"), record(n, "linux", Linux.class));
    }

    private static Root root(JsonNode n) {
        return new Root(str(n, "path"), boolOrNull(n, "readonly"));
    }

    private static Process process(JsonNode n) {
        return new Process(boolOrNull(n, "terminal"), record(n, "consoleSize", ConsoleSize.class),
                record(n, "user", User.class), list(n, "args", String.class), list(n, "env", String.class),
                str(n, "cwd"), record(n, "capabilities", Capabilities.class), list(n, "rlimits", Rlimit.class),
                boolOrNull(n, "noNewPrivileges"), intOrNull(n, "oomScoreAdj"), str(n, "apparmorProfile"),
                str(n, "selinuxLabel"), record(n, "ioPriority", Spec.IoPriority.class));
    }

    private static Spec.IoPriority ioPriority(JsonNode n) {
        return new Spec.IoPriority(str(n, "class"), intOrNull(n, "priority"));
    }

    private static Spec.Personality personality(JsonNode n) {
        return new Spec.Personality(str(n, "domain"), list(n, "flags", String.class));
    }

    private static ConsoleSize consoleSize(JsonNode n) {
        return new ConsoleSize(intOrZero(n, "height"), intOrZero(n, "width"));
    }

    private static User user(JsonNode n) {
        return new User(longOrNull(n, "uid"), longOrNull(n, "gid"), intOrNull(n, "umask"),
                list(n, "additionalGids", Long.class), str(n, "username"));
    }

    private static Capabilities capabilities(JsonNode n) {
        return new Capabilities(list(n, "bounding", String.class), list(n, "effective", String.class),
                list(n, "inheritable", String.class), list(n, "permitted", String.class),
                list(n, "ambient", String.class));
    }

    private static Rlimit rlimit(JsonNode n) {
        return new Rlimit(str(n, "type"), unsigned(n, "hard"), unsigned(n, "soft"));
    }

    private static Mount mount(JsonNode n) {
        return new Mount(str(n, "destination"), str(n, "type"), str(n, "source"), list(n, "options", String.class));
    }

    private static Hooks hooks(JsonNode n) {
        return new Hooks(list(n, "prestart", Hook.class), list(n, "createRuntime", Hook.class),
                list(n, "createContainer", Hook.class), list(n, "startContainer", Hook.class),
                list(n, "poststart", Hook.class), list(n, "poststop", Hook.class));
    }

    private static Hook hook(JsonNode n) {
        return new Hook(str(n, "path"), list(n, "args", String.class), list(n, "env", String.class),
                intOrNull(n, "timeout"));
    }

    private static Linux linux(JsonNode n) {
        return new Linux(list(n, "namespaces", Namespace.class), list(n, "uidMappings", IdMapping.class),
                list(n, "gidMappings", IdMapping.class), record(n, "resources", Resources.class),
                str(n, "cgroupsPath"), stringMap(n, "sysctl"), list(n, "maskedPaths", String.class),
                list(n, "readonlyPaths", String.class), list(n, "devices", Device.class),
                str(n, "rootfsPropagation"), record(n, "seccomp", Seccomp.class), str(n, "mountLabel"),
                record(n, "personality", Spec.Personality.class));
    }

    private static Namespace namespace(JsonNode n) {
        return new Namespace(str(n, "type"), str(n, "path"));
    }

    private static IdMapping idMapping(JsonNode n) {
        return new IdMapping(longOrZero(n, "containerID"), longOrZero(n, "hostID"), longOrZero(n, "size"));
    }

    private static Resources resources(JsonNode n) {
        return new Resources(record(n, "memory", Memory.class), record(n, "pids", Pids.class),
                record(n, "cpu", Cpu.class), list(n, "devices", DeviceRule.class),
                record(n, "blockIO", Spec.BlockIO.class));
    }

    private static Spec.BlockIO blockIO(JsonNode n) {
        return new Spec.BlockIO(list(n, "throttleReadBpsDevice", Spec.ThrottleDevice.class), list(n, "throttleWriteBpsDevice", Spec.ThrottleDevice.class),
                list(n, "throttleReadIOPSDevice", Spec.ThrottleDevice.class), list(n, "throttleWriteIOPSDevice", Spec.ThrottleDevice.class));
    }

    private static Spec.ThrottleDevice throttle(JsonNode n) {
        return new Spec.ThrottleDevice(longOrZero(n, "major"), longOrZero(n, "minor"), unsigned(n, "rate"));
    }

    private static Memory memory(JsonNode n) {
        return new Memory(longOrNull(n, "limit"), longOrNull(n, "reservation"), longOrNull(n, "swap"),
                longOrNull(n, "kernel"), longOrNull(n, "kernelTCP"), longOrNull(n, "swappiness"),
                boolOrNull(n, "disableOOMKiller"));
    }

    private static Pids pids(JsonNode n) {
        return new Pids(longOrZero(n, "limit"));
    }

    private static Cpu cpu(JsonNode n) {
        return new Cpu(longOrNull(n, "shares"), longOrNull(n, "quota"), longOrNull(n, "period"),
                longOrNull(n, "realtimeRuntime"), longOrNull(n, "realtimePeriod"), str(n, "cpus"), str(n, "mems"));
    }

    private static DeviceRule deviceRule(JsonNode n) {
        return new DeviceRule(Boolean.TRUE.equals(boolOrNull(n, "allow")), str(n, "type"), longOrNull(n, "major"),
                longOrNull(n, "minor"), str(n, "access"));
    }

    private static Device device(JsonNode n) {
        return new Device(str(n, "path"), str(n, "type"), longOrNull(n, "major"), longOrNull(n, "minor"),
                intOrNull(n, "fileMode"), longOrNull(n, "uid"), longOrNull(n, "gid"));
    }

    private static Seccomp seccomp(JsonNode n) {
        return new Seccomp(str(n, "defaultAction"), intOrNull(n, "defaultErrnoRet"),
                list(n, "architectures", String.class), list(n, "flags", String.class),
                list(n, "syscalls", SyscallRule.class), str(n, "listenerPath"), str(n, "listenerMetadata"));
    }

    private static SyscallRule syscallRule(JsonNode n) {
        return new SyscallRule(list(n, "names", String.class), str(n, "action"), intOrNull(n, "errnoRet"),
                list(n, "args", SyscallArg.class));
    }

    private static SyscallArg syscallArg(JsonNode n) {
        return new SyscallArg(intOrZero(n, "index"), member(n, "value") == null ? 0L : unsigned(n, "value"),
                member(n, "valueTwo") == null ? null : unsigned(n, "valueTwo"), str(n, "op"));
    }

    // ---- members: absent and null are the same to Jackson ----

    /** The member's value, or {@code null} if it is absent or JSON null. */
    private static JsonNode member(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v;
    }

    private static <T> T record(JsonNode n, String field, Class<T> type) {
        JsonNode v = member(n, field);
        if (v == null) return null;
        if (!v.isObject()) throw new Unbindable();
        return type.cast(bind(type, v));
    }

    /**
     * The binder of {@code type}. A dispatch on the class instead of a method reference per type: on a
     * cold JVM each method reference's first use links a lambda (~0.1 ms even from the class-data
     * archive, measured), and a config used 33 of them on every `run`.
     */
    private static Object bind(Class<?> type, JsonNode n) {
        if (type == String.class) return text(n);
        if (type == Long.class) return longValue(n);
        if (type == Root.class) return root(n);
        if (type == Process.class) return process(n);
        if (type == ConsoleSize.class) return consoleSize(n);
        if (type == User.class) return user(n);
        if (type == Capabilities.class) return capabilities(n);
        if (type == Rlimit.class) return rlimit(n);
        if (type == Spec.IoPriority.class) return ioPriority(n);
        if (type == Mount.class) return mount(n);
        if (type == Hooks.class) return hooks(n);
        if (type == Hook.class) return hook(n);
        if (type == Linux.class) return linux(n);
        if (type == Namespace.class) return namespace(n);
        if (type == IdMapping.class) return idMapping(n);
        if (type == Resources.class) return resources(n);
        if (type == Memory.class) return memory(n);
        if (type == Pids.class) return pids(n);
        if (type == Cpu.class) return cpu(n);
        if (type == DeviceRule.class) return deviceRule(n);
        if (type == Spec.BlockIO.class) return blockIO(n);
        if (type == Spec.ThrottleDevice.class) return throttle(n);
        if (type == Device.class) return device(n);
        if (type == Seccomp.class) return seccomp(n);
        if (type == SyscallRule.class) return syscallRule(n);
        if (type == SyscallArg.class) return syscallArg(n);
        if (type == Spec.Personality.class) return personality(n);
        throw new IllegalArgumentException("no binder for " + type);
    }

    private static String str(JsonNode n, String field) {
        JsonNode v = member(n, field);
        return v == null ? null : text(v);
    }

    private static Boolean boolOrNull(JsonNode n, String field) {
        JsonNode v = member(n, field);
        if (v == null) return null;
        if (!v.isBoolean()) throw new Unbindable(); // Jackson would coerce "true"; let it, with its warning path
        return v.booleanValue();
    }

    private static Long longOrNull(JsonNode n, String field) {
        JsonNode v = member(n, field);
        return v == null ? null : longValue(v);
    }

    private static long longOrZero(JsonNode n, String field) {
        JsonNode v = member(n, field);
        return v == null ? 0L : longValue(v);
    }

    private static Integer intOrNull(JsonNode n, String field) {
        JsonNode v = member(n, field);
        return v == null ? null : intValue(v);
    }

    private static int intOrZero(JsonNode n, String field) {
        JsonNode v = member(n, field);
        return v == null ? 0 : intValue(v);
    }

    /** uint64 on the wire, the same 64 bits in a long (as {@link UnsignedLongDeserializer}). */
    private static long unsigned(JsonNode n, String field) {
        JsonNode v = member(n, field);
        if (v == null || !v.isIntegralNumber()) throw new Unbindable();
        return v.bigIntegerValue().longValue();
    }

    /** A list; a JSON null element stays null, as Jackson leaves it. */
    private static <T> List<T> list(JsonNode n, String field, Class<T> element) {
        JsonNode v = member(n, field);
        if (v == null) return null;
        if (!v.isArray()) throw new Unbindable(); // single values are not wrapped: Jackson rejects them too
        List<T> out = new ArrayList<>(v.size());
        for (JsonNode e : v) out.add(e.isNull() ? null : element.cast(bind(element, e)));
        return out;
    }

    private static Map<String, String> stringMap(JsonNode n, String field) {
        JsonNode v = member(n, field);
        if (v == null) return null;
        if (!v.isObject()) throw new Unbindable();
        Map<String, String> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            out.put(e.getKey(), e.getValue().isNull() ? null : text(e.getValue()));
        }
        return out;
    }

    // ---- scalar values ----

    private static String text(JsonNode v) {
        if (!v.isTextual()) throw new Unbindable(); // Jackson would turn 5 into "5"; leave that to it
        return v.textValue();
    }

    private static long longValue(JsonNode v) {
        if (!v.isIntegralNumber() || !v.canConvertToLong()) throw new Unbindable(); // fractions, > 2^63-1
        return v.longValue();
    }

    private static int intValue(JsonNode v) {
        if (!v.isIntegralNumber() || !v.canConvertToInt()) throw new Unbindable();
        return v.intValue();
    }
}
