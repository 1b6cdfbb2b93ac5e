package io.minicontainer.spec;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * The OCI runtime-spec config.json, as far as a Linux runtime needs it.
 * Unknown properties are ignored here (the spec requires it); the validator reports them as warnings.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Spec(
        String ociVersion,
        Root root,
        Process process,
        String hostname,
        String domainname,
        List<Mount> mounts,
        Hooks hooks,
        Map<String, String> annotations,
        Linux linux) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Root(String path, Boolean readonly) {
        public boolean isReadonly() { return Boolean.TRUE.equals(readonly); }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Process(
            Boolean terminal,
            ConsoleSize consoleSize,
            User user,
            List<String> args,
            List<String> env,
            String cwd,
            Capabilities capabilities,
            List<Rlimit> rlimits,
            Boolean noNewPrivileges,
            Integer oomScoreAdj,
            String apparmorProfile,
            String selinuxLabel,
            IoPriority ioPriority) {
        public Process(Boolean terminal, ConsoleSize consoleSize, User user, List<String> args, List<String> env, String cwd,
                       Capabilities capabilities, List<Rlimit> rlimits, Boolean noNewPrivileges, Integer oomScoreAdj,
                       String apparmorProfile, String selinuxLabel) {
            this(terminal, consoleSize, user, args, env, cwd, capabilities, rlimits, noNewPrivileges, oomScoreAdj,
                    apparmorProfile, selinuxLabel, null);
        }

        public boolean isTerminal() { return Boolean.TRUE.equals(terminal); }
        public boolean isNoNewPrivileges() { return Boolean.TRUE.equals(noNewPrivileges); }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ConsoleSize(int height, int width) {}

    /** ioprio_set(2): class IOPRIO_CLASS_RT, _BE or _IDLE, priority 0..7. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record IoPriority(@com.fasterxml.jackson.annotation.JsonProperty("class") String ioClass, Integer priority) {}

    /** personality(2): domain LINUX or LINUX32; flags are refused (none is supported). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Personality(String domain, List<String> flags) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record User(Long uid, Long gid, Integer umask, List<Long> additionalGids, String username) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Capabilities(
            List<String> bounding,
            List<String> effective,
            List<String> inheritable,
            List<String> permitted,
            List<String> ambient) {}

    /** soft and hard are unsigned 64-bit on the wire; stored as the same bits in a long. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Rlimit(
            String type,
            @com.fasterxml.jackson.databind.annotation.JsonDeserialize(using = UnsignedLongDeserializer.class) long hard,
            @com.fasterxml.jackson.databind.annotation.JsonDeserialize(using = UnsignedLongDeserializer.class) long soft) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Mount(String destination, String type, String source, List<String> options) {
        /**
         * A bind mount as runc reads it: type "bind", or the option "bind" or "rbind" (MS_BIND) whatever the
         * type says (runc then ignores the type). The planner's MountOptions.parse applies the same rule.
         */
        @JsonIgnore
        public boolean isBind() {
            return "bind".equals(type) || (options != null && (options.contains("bind") || options.contains("rbind")));
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Hooks(
            List<Hook> prestart,
            List<Hook> createRuntime,
            List<Hook> createContainer,
            List<Hook> startContainer,
            List<Hook> poststart,
            List<Hook> poststop) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Hook(String path, List<String> args, List<String> env, Integer timeout) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Linux(
            List<Namespace> namespaces,
            List<IdMapping> uidMappings,
            List<IdMapping> gidMappings,
            Resources resources,
            String cgroupsPath,
            Map<String, String> sysctl,
            List<String> maskedPaths,
            List<String> readonlyPaths,
            List<Device> devices,
            String rootfsPropagation,
            Seccomp seccomp,
            String mountLabel,
            Personality personality) {
        public Linux(List<Namespace> namespaces, List<IdMapping> uidMappings, List<IdMapping> gidMappings, Resources resources,
                     String cgroupsPath, Map<String, String> sysctl, List<String> maskedPaths, List<String> readonlyPaths,
                     List<Device> devices, String rootfsPropagation, Seccomp seccomp, String mountLabel) {
            this(namespaces, uidMappings, gidMappings, resources, cgroupsPath, sysctl, maskedPaths, readonlyPaths, devices,
                    rootfsPropagation, seccomp, mountLabel, null);
        }

        /** The first "user" entry of namespaces (new or joined by path), or null; duplicates are refused by a check of their own. */
        public Namespace userNamespace() {
            if (namespaces == null) return null;
            for (Namespace ns : namespaces) if (ns != null && "user".equals(ns.type())) return ns;
            return null;
        }

        /** Whether the container gets a new user namespace: one listed without a path (one with a path is joined and keeps its maps). */
        public boolean createsUserNamespace() {
            Namespace ns = userNamespace();
            return ns != null && (ns.path() == null || ns.path().isEmpty());
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Namespace(String type, String path) {
        /** /proc/1/ns/* is the host's init; /proc/self/ns/* and /proc/thread-self/ns/* are the runtime's own. */
        public static boolean isHostPath(String path) {
            return path != null && (path.startsWith("/proc/1/ns/") || path.startsWith("/proc/self/ns/")
                    || path.startsWith("/proc/thread-self/ns/"));
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record IdMapping(long containerID, long hostID, long size) {
        /** Whether some mapping's container range holds id (no overflow for ranges near 2^63). */
        public static boolean mapped(List<IdMapping> mappings, long id) {
            if (mappings == null) return false;
            for (IdMapping m : mappings) {
                if (m != null && id >= m.containerID() && id - m.containerID() < m.size()) return true;
            }
            return false;
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Resources(Memory memory, Pids pids, Cpu cpu, List<DeviceRule> devices, BlockIO blockIO) {
        public Resources(Memory memory, Pids pids, Cpu cpu, List<DeviceRule> devices) { this(memory, pids, cpu, devices, null); }
    }

    /** Only the throttle limits: weights are refused (SupportTable), so the model does not carry them. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record BlockIO(List<ThrottleDevice> throttleReadBpsDevice, List<ThrottleDevice> throttleWriteBpsDevice,
                          List<ThrottleDevice> throttleReadIOPSDevice, List<ThrottleDevice> throttleWriteIOPSDevice) {
        /** The four throttle lists' names, in the runtime-spec's order (each is a key under /linux/resources/blockIO). */
        public static final List<String> THROTTLE_LISTS =
                List.of("throttleReadBpsDevice", "throttleWriteBpsDevice", "throttleReadIOPSDevice", "throttleWriteIOPSDevice");

        /** Receives one throttle rule with the name of its list and its index there. */
        public interface ThrottleVisitor { void accept(String list, int index, ThrottleDevice rule); }

        /** Every throttle rule but null entries, list by list (THROTTLE_LISTS order), in config order. */
        public void eachThrottle(ThrottleVisitor visitor) {
            List<List<ThrottleDevice>> lists = java.util.Arrays.asList(throttleReadBpsDevice, throttleWriteBpsDevice,
                    throttleReadIOPSDevice, throttleWriteIOPSDevice);
            for (int l = 0; l < lists.size(); l++) {
                List<ThrottleDevice> rules = lists.get(l);
                if (rules == null) continue;
                for (int i = 0; i < rules.size(); i++) if (rules.get(i) != null) visitor.accept(THROTTLE_LISTS.get(l), i, rules.get(i));
            }
        }

        /** Whether any list holds a rule. */
        public boolean hasThrottle() {
            boolean[] any = {false};
            eachThrottle((list, i, rule) -> any[0] = true);
            return any[0];
        }
    }

    /** rate is unsigned 64-bit on the wire, stored as the same bits in a long. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ThrottleDevice(long major, long minor,
            @com.fasterxml.jackson.databind.annotation.JsonDeserialize(using = UnsignedLongDeserializer.class) long rate) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Memory(Long limit, Long reservation, Long swap, Long kernel, Long kernelTCP,
                         Long swappiness, Boolean disableOOMKiller) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Pids(long limit) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Cpu(Long shares, Long quota, Long period, Long realtimeRuntime, Long realtimePeriod,
                      String cpus, String mems) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DeviceRule(boolean allow, String type, Long major, Long minor, String access) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Device(String path, String type, Long major, Long minor, Integer fileMode, Long uid, Long gid) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Seccomp(String defaultAction, Integer defaultErrnoRet, List<String> architectures,
                          List<String> flags, List<SyscallRule> syscalls, String listenerPath, String listenerMetadata) {
        /** A profile without a notify listener. */
        public Seccomp(String defaultAction, Integer defaultErrnoRet, List<String> architectures, List<String> flags,
                       List<SyscallRule> syscalls) {
            this(defaultAction, defaultErrnoRet, architectures, flags, syscalls, null, null);
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SyscallRule(List<String> names, String action, Integer errnoRet, List<SyscallArg> args) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    /** value and valueTwo are uint64 on the wire (Go's profiles use masks like 0xffffffff00000000): the same 64 bits in a long. */
    public record SyscallArg(int index,
            @com.fasterxml.jackson.databind.annotation.JsonDeserialize(using = UnsignedLongDeserializer.Primitive.class) long value,
            @com.fasterxml.jackson.databind.annotation.JsonDeserialize(using = UnsignedLongDeserializer.class) Long valueTwo,
            String op) {}
}
