package io.minicontainer.audit;

import io.minicontainer.spec.Spec;
import java.util.List;

/** Rules about the limits the container runs under: memory, pids, devices. */
final class ResourceRules {
    private ResourceRules() {}

    static final Rule NO_MEMORY_LIMIT = new Rule("no-memory-limit", Severity.MEDIUM,
            "No memory limit",
            "set linux.resources.memory.limit (bytes)",
            "CIS Docker 5.10 (limit memory usage for the container)",
            (s, out) -> {
                Spec.Memory m = resources(s) == null ? null : resources(s).memory();
                if (m == null || m.limit() == null || m.limit() < 0) {
                    out.at("/linux/resources/memory/limit", "the container can use all of the host's memory");
                }
            });

    static final Rule NO_PIDS_LIMIT = new Rule("no-pids-limit", Severity.MEDIUM,
            "No pids limit",
            "set linux.resources.pids.limit (e.g. 1024)",
            "CIS Docker 5.28 (use PIDs cgroup limit)",
            (s, out) -> {
                Spec.Pids p = resources(s) == null ? null : resources(s).pids();
                if (p == null || p.limit() <= 0) out.at("/linux/resources/pids/limit", "a fork bomb in the container reaches the host's pid limit");
            });

    static final Rule DEVICES_ALLOW_ALL = new Rule("devices-allow-all", Severity.HIGH,
            "Every device may be opened",
            "start linux.resources.devices with {\"allow\": false, \"access\": \"rwm\"} (deny all), then allow the few devices needed",
            "runc spec writes a deny-all device rule; CIS Docker 5.17 (do not directly expose host devices); "
                    + "Kubernetes Pod Security baseline (no privileged containers, which get every device)",
            ResourceRules::devicesAllowAll);

    private static Spec.Resources resources(Subject s) { return s.linux() == null ? null : s.linux().resources(); }

    /**
     * The config's type-a rules decide whether everything is allowed: the last one wins, and with no
     * deny-all the cgroup keeps allowing every device (mini-container attaches no v2 filter then, and a
     * v1 cgroup inherits its parent's "a *:* rwm").
     */
    private static void devicesAllowAll(Subject s, Rule.Findings out) {
        Spec.Resources r = resources(s);
        List<Spec.DeviceRule> rules = r == null || r.devices() == null ? List.of() : r.devices();
        int lastAll = -1;
        for (int i = 0; i < rules.size(); i++) if (isAll(rules.get(i))) lastAll = i;
        if (lastAll >= 0 && !rules.get(lastAll).allow()) return;
        if (lastAll >= 0) {
            out.at("/linux/resources/devices/" + lastAll, "this rule allows every device, block devices included (the host's disks)");
        } else {
            out.at("/linux/resources/devices", "no rule denies all devices first, so every device stays allowed");
        }
    }

    private static boolean isAll(Spec.DeviceRule d) {
        return (d.type() == null || d.type().isEmpty() || d.type().equals("a"));
    }
}
