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
import java.util.function.Function;

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
        return new Spec(str(n, "ociVersion"), record(n, "root", SpecBinder::root), record(n, "process", SpecBinder::process),
                str(n, "hostname"), str(n, "domainname"), list(n, "mounts", SpecBinder::mount),
                record(n, "hooks", SpecBinder::hooks), stringMap(n, "annotations"), record(n, "linux", SpecBinder::linux));
    }

    private static Root root(JsonNode n) {
        return new Root(str(n, "path"), boolOrNull(n, "readonly"));
    }

    private static Process process(JsonNode n) {
        return new Process(boolOrNull(n, "terminal"), record(n, "consoleSize", SpecBinder::consoleSize),
                record(n, "user", SpecBinder::user), list(n, "args", SpecBinder::text), list(n, "env", SpecBinder::text),
                str(n, "cwd"), record(n, "capabilities", SpecBinder::capabilities), list(n, "rlimits", SpecBinder::rlimit),
                boolOrNull(n, "noNewPrivileges"), intOrNull(n, "oomScoreAdj"), str(n, "apparmorProfile"),
                str(n, "selinuxLabel"), record(n, "ioPriority", SpecBinder::ioPriority));
    }

    private static Spec.IoPriority ioPriority(JsonNode n) {
        return new Spec.IoPriority(str(n, "class"), intOrNull(n, "priority"));
    }

    private static Spec.Personality personality(JsonNode n) {
        return new Spec.Personality(str(n, "domain"), list(n, "flags", SpecBinder::text));
    }

    private static ConsoleSize consoleSize(JsonNode n) {
        return new ConsoleSize(intOrZero(n, "height"), intOrZero(n, "width"));
    }

    private static User user(JsonNode n) {
        return new User(longOrNull(n, "uid"), longOrNull(n, "gid"), intOrNull(n, "umask"),
                list(n, "additionalGids", SpecBinder::longValue), str(n, "username"));
    }

    private static Capabilities capabilities(JsonNode n) {
        return new Capabilities(list(n, "bounding", SpecBinder::text), list(n, "effective", SpecBinder::text),
                list(n, "inheritable", SpecBinder::text), list(n, "permitted", SpecBinder::text),
                list(n, "ambient", SpecBinder::text));
    }

    private static Rlimit rlimit(JsonNode n) {
        return new Rlimit(str(n, "type"), unsigned(n, "hard"), unsigned(n, "soft"));
    }

    private static Mount mount(JsonNode n) {
        return new Mount(str(n, "destination"), str(n, "type"), str(n, "source"), list(n, "options", SpecBinder::text));
    }

    private static Hooks hooks(JsonNode n) {
        return new Hooks(list(n, "prestart", SpecBinder::hook), list(n, "createRuntime", SpecBinder::hook),
                list(n, "createContainer", SpecBinder::hook), list(n, "startContainer", SpecBinder::hook),
                list(n, "poststart", SpecBinder::hook), list(n, "poststop", SpecBinder::hook));
    }

    private static Hook hook(JsonNode n) {
        return new Hook(str(n, "path"), list(n, "args", SpecBinder::text), list(n, "env", SpecBinder::text),
                intOrNull(n, "timeout"));
    }

    private static Linux linux(JsonNode n) {
        return new Linux(list(n, "namespaces", SpecBinder::namespace), list(n, "uidMappings", SpecBinder::idMapping),
                list(n, "gidMappings", SpecBinder::idMapping), record(n, "resources", SpecBinder::resources),
                str(n, "cgroupsPath"), stringMap(n, "sysctl"), list(n, "maskedPaths", SpecBinder::text),
                list(n, "readonlyPaths", SpecBinder::text), list(n, "devices", SpecBinder::device),
                str(n, "rootfsPropagation"), record(n, "seccomp", SpecBinder::seccomp), str(n, "mountLabel"),
                record(n, "personality", SpecBinder::personality));
    }

    private static Namespace namespace(JsonNode n) {
        return new Namespace(str(n, "type"), str(n, "path"));
    }

    private static IdMapping idMapping(JsonNode n) {
        return new IdMapping(longOrZero(n, "containerID"), longOrZero(n, "hostID"), longOrZero(n, "size"));
    }

    private static Resources resources(JsonNode n) {
        return new Resources(record(n, "memory", SpecBinder::memory), record(n, "pids", SpecBinder::pids),
                record(n, "cpu", SpecBinder::cpu), list(n, "devices", SpecBinder::deviceRule),
                record(n, "blockIO", SpecBinder::blockIO));
    }

    private static Spec.BlockIO blockIO(JsonNode n) {
        return new Spec.BlockIO(list(n, "throttleReadBpsDevice", SpecBinder::throttle), list(n, "throttleWriteBpsDevice", SpecBinder::throttle),
                list(n, "throttleReadIOPSDevice", SpecBinder::throttle), list(n, "throttleWriteIOPSDevice", SpecBinder::throttle));
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
                list(n, "architectures", SpecBinder::text), list(n, "flags", SpecBinder::text),
                list(n, "syscalls", SpecBinder::syscallRule), str(n, "listenerPath"), str(n, "listenerMetadata"));
    }

    private static SyscallRule syscallRule(JsonNode n) {
        return new SyscallRule(list(n, "names", SpecBinder::text), str(n, "action"), intOrNull(n, "errnoRet"),
                list(n, "args", SpecBinder::syscallArg));
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

    private static <T> T record(JsonNode n, String field, Function<JsonNode, T> binder) {
        JsonNode v = member(n, field);
        if (v == null) return null;
        if (!v.isObject()) throw new Unbindable();
        return binder.apply(v);
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
    private static <T> List<T> list(JsonNode n, String field, Function<JsonNode, T> element) {
        JsonNode v = member(n, field);
        if (v == null) return null;
        if (!v.isArray()) throw new Unbindable(); // single values are not wrapped: Jackson rejects them too
        List<T> out = new ArrayList<>(v.size());
        for (JsonNode e : v) out.add(e.isNull() ? null : element.apply(e));
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
