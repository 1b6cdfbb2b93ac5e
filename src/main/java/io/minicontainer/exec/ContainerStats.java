package io.minicontainer.exec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What `events` reports, read from the container's own cgroup files (v1 or v2), named as runc's
 * stats JSON names them. A file that is missing is left out: a host without that controller.
 */
public final class ContainerStats {
    private ContainerStats() {}

    /** section ("cpu", "memory", "pids") → group → field → value, in runc's "data" shape. */
    public static Map<String, Map<String, Map<String, Long>>> read(List<String> dirs) {
        Map<String, Map<String, Map<String, Long>>> data = new LinkedHashMap<>();
        for (String d : dirs) {
            Path dir = Path.of(d);
            put(data, "cpu", "usage", "total", number(dir.resolve("cpuacct.usage")));
            put(data, "cpu", "usage", "user", cpuacctStat(dir, "user"));
            put(data, "cpu", "usage", "kernel", cpuacctStat(dir, "system"));
            Long usec = keyed(dir.resolve("cpu.stat"), "usage_usec");
            if (usec != null) put(data, "cpu", "usage", "total", usec * 1000);
            put(data, "cpu", "throttling", "periods", keyed(dir.resolve("cpu.stat"), "nr_periods"));
            put(data, "cpu", "throttling", "throttledPeriods", keyed(dir.resolve("cpu.stat"), "nr_throttled"));
            put(data, "memory", "usage", "usage", number(dir.resolve("memory.usage_in_bytes")));
            put(data, "memory", "usage", "usage", number(dir.resolve("memory.current")));
            put(data, "memory", "usage", "max", number(dir.resolve("memory.max_usage_in_bytes")));
            put(data, "memory", "usage", "limit", number(dir.resolve("memory.limit_in_bytes")));
            put(data, "memory", "usage", "limit", number(dir.resolve("memory.max")));
            put(data, "memory", "usage", "failcnt", number(dir.resolve("memory.failcnt")));
            put(data, "pids", "", "current", number(dir.resolve("pids.current")));
            put(data, "pids", "", "limit", number(dir.resolve("pids.max")));
        }
        return data;
    }

    /** The OOM kills so far (v1 memory.oom_control, v2 memory.events), or 0. */
    public static long oomKills(List<String> dirs) {
        long n = 0;
        for (String d : dirs) {
            Long v1 = keyed(Path.of(d, "memory.oom_control"), "oom_kill");
            Long v2 = keyed(Path.of(d, "memory.events"), "oom_kill");
            n += (v1 == null ? 0 : v1) + (v2 == null ? 0 : v2);
        }
        return n;
    }

    private static void put(Map<String, Map<String, Map<String, Long>>> data, String section, String group, String field, Long value) {
        if (value == null) return;
        data.computeIfAbsent(section, k -> new LinkedHashMap<>()).computeIfAbsent(group, k -> new LinkedHashMap<>()).put(field, value);
    }

    /** A single number; "max" (no limit) is 0, as runc reports it. */
    private static Long number(Path file) {
        try {
            String s = Files.readString(file).strip();
            return s.equals("max") ? 0L : Long.parseLong(s);
        } catch (IOException | NumberFormatException e) {
            return null;
        }
    }

    private static Long keyed(Path file, String key) {
        try {
            for (String line : Files.readAllLines(file)) {
                String[] f = line.trim().split("\\s+");
                if (f.length == 2 && f[0].equals(key)) return Long.parseLong(f[1]);
            }
        } catch (IOException | NumberFormatException e) {
            return null;
        }
        return null;
    }

    /** cpuacct.stat counts in USER_HZ ticks (100 per second); runc reports nanoseconds. */
    private static Long cpuacctStat(Path dir, String key) {
        Long ticks = keyed(dir.resolve("cpuacct.stat"), key);
        return ticks == null ? null : ticks * 10_000_000L;
    }
}
