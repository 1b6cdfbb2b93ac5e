package io.minicontainer.cgroup;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** This process's own cgroup in every hierarchy, parsed from /proc/self/cgroup (read by {@code exec.HostProbe}). */
public final class OwnCgroups {
    private OwnCgroups() {}

    /**
     * "hierarchy-id:controllers:path" lines → key → path. A comount ("2:cpu,cpuacct:/a") gives one
     * entry per controller; the v2 line ("0::/a") is keyed ""; named hierarchies keep their
     * "name=..." key.
     */
    public static Map<String, String> parse(String procSelfCgroup) {
        Map<String, String> own = new LinkedHashMap<>();
        for (String line : procSelfCgroup.split("\n")) {
            String[] f = line.split(":", 3);
            if (f.length < 3) continue;
            if (f[1].isEmpty()) {
                own.put("", f[2]);
            } else {
                for (String key : f[1].split(",")) own.put(key, f[2]);
            }
        }
        return Collections.unmodifiableMap(own);
    }
}
