package io.minicontainer.audit;

import io.minicontainer.spec.CapabilityNames;
import io.minicontainer.spec.NamespaceKind;
import io.minicontainer.spec.Spec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Rules about the process's privileges: capabilities, no_new_privs, the user it runs as. */
final class ProcessRules {
    private ProcessRules() {}

    /** Each one is enough, alone, to leave the container or to act on the whole host. */
    static final Map<String, String> PRIVILEGED = new LinkedHashMap<>();

    static {
        PRIVILEGED.put("CAP_SYS_ADMIN", "mount, setns, bpf and most of the kernel's admin interface");
        PRIVILEGED.put("CAP_SYS_PTRACE", "ptrace and /proc/<pid>/mem of any process it can see");
        PRIVILEGED.put("CAP_SYS_MODULE", "loading kernel modules: code in the host's kernel");
        PRIVILEGED.put("CAP_SYS_RAWIO", "raw I/O ports and /dev/mem");
        PRIVILEGED.put("CAP_SYS_BOOT", "reboot and kexec of the host");
        PRIVILEGED.put("CAP_SYS_TIME", "setting the host's clock");
        PRIVILEGED.put("CAP_NET_ADMIN", "routing, firewall and interfaces of its network namespace (the host's when shared)");
        PRIVILEGED.put("CAP_DAC_READ_SEARCH", "open_by_handle_at, the classic escape to any host file");
        PRIVILEGED.put("CAP_MAC_ADMIN", "changing the LSM policy");
        PRIVILEGED.put("CAP_MAC_OVERRIDE", "bypassing the LSM policy");
        PRIVILEGED.put("CAP_BPF", "loading BPF programs");
        PRIVILEGED.put("CAP_PERFMON", "perf events on the whole system");
        PRIVILEGED.put("CAP_SYSLOG", "the kernel log and kernel addresses");
        PRIVILEGED.put("CAP_LINUX_IMMUTABLE", "clearing immutable and append-only flags");
        PRIVILEGED.put("CAP_SYS_RESOURCE", "overriding resource limits and quotas");
    }

    private static final List<String> SETS = List.of("bounding", "effective", "permitted", "inheritable", "ambient");

    static final Rule PRIVILEGED_CAPABILITY = new Rule("privileged-capability", Severity.HIGH,
            "A privileged capability is granted",
            "remove it from every capability set; grant only what the program needs (e.g. CAP_NET_BIND_SERVICE)",
            "Kubernetes Pod Security baseline (capabilities beyond the default set) and restricted (drop ALL); "
                    + "CIS Docker 5.3 (restrict Linux kernel capabilities); runc spec grants only AUDIT_WRITE, KILL, NET_BIND_SERVICE",
            ProcessRules::privilegedCapabilities);

    static final Rule NO_NEW_PRIVILEGES_OFF = new Rule("no-new-privileges-off", Severity.MEDIUM,
            "no_new_privs is off",
            "set process.noNewPrivileges to true",
            "runc spec sets noNewPrivileges; Kubernetes Pod Security restricted (allowPrivilegeEscalation=false); "
                    + "CIS Docker 5.25 (restrict container from acquiring additional privileges)",
            (s, out) -> {
                if (s.process() != null && !s.process().isNoNewPrivileges()) {
                    out.at("/process/noNewPrivileges", "setuid and file-capability programs in the container can gain privileges");
                }
            });

    static final Rule ROOT_WITHOUT_USERNS = new Rule("root-without-userns", Severity.MEDIUM,
            "The process runs as root without a user namespace",
            "run as a non-root process.user.uid, or add a user namespace with uidMappings/gidMappings",
            "Kubernetes Pod Security restricted (runAsNonRoot); CIS Docker 4.1 (create a user for the container) and 2.8 (user namespace support)",
            ProcessRules::rootWithoutUserNamespace);

    private static void privilegedCapabilities(Subject s, Rule.Findings out) {
        Spec.Capabilities caps = s.process() == null ? null : s.process().capabilities();
        if (caps == null) return;
        Map<String, List<String>> where = new LinkedHashMap<>();
        Map<String, String> firstPointer = new LinkedHashMap<>();
        for (String set : SETS) {
            List<String> names = set(caps, set);
            for (int i = 0; i < names.size(); i++) {
                String name = CapabilityNames.canonical(names.get(i)).orElse(names.get(i));
                if (!PRIVILEGED.containsKey(name)) continue;
                where.computeIfAbsent(name, k -> new ArrayList<>()).add(set);
                firstPointer.putIfAbsent(name, "/process/capabilities/" + set + "/" + i);
            }
        }
        for (Map.Entry<String, List<String>> e : where.entrySet()) {
            out.at(firstPointer.get(e.getKey()), e.getKey() + " (" + PRIVILEGED.get(e.getKey()) + ") is in "
                    + String.join(", ", e.getValue()));
        }
    }

    static List<String> set(Spec.Capabilities caps, String set) {
        List<String> names = switch (set) {
            case "bounding" -> caps.bounding();
            case "effective" -> caps.effective();
            case "permitted" -> caps.permitted();
            case "inheritable" -> caps.inheritable();
            default -> caps.ambient();
        };
        return names == null ? List.of() : names;
    }

    private static void rootWithoutUserNamespace(Subject s, Rule.Findings out) {
        if (s.process() == null || s.namespace(NamespaceKind.USER.configName()) != null) return;
        Spec.User user = s.process().user();
        if (user == null || user.uid() == null || user.uid() == 0) {
            out.at("/process/user/uid", "uid 0 in the container is uid 0 on the host: a breakout is a root breakout");
        }
    }
}
