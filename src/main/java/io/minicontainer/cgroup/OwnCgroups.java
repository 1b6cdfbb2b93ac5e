package io.minicontainer.cgroup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** This process's own cgroup in every hierarchy, from /proc/self/cgroup. */
public final class OwnCgroups {
    private OwnCgroups() {}

    public static Map<String, String> read() throws IOException {
        return parse(Files.readString(Path.of("/proc/self/cgroup")));
    }

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
