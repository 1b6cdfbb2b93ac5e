package io.minicontainer.validate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/** What the calling process may raise: its rlimit ceilings and effective capabilities. */
public interface HostLimits {
    /** The current hard limit for an RLIMIT_* name (unlimited = -1, i.e. all 64 bits set), if known. */
    OptionalLong hardLimit(String rlimit);

    /** Whether capability number {@code cap} is in this process's effective set. */
    boolean hasCapability(int cap);

    /** Reads /proc/self/limits and /proc/self/status once. */
    static HostLimits ofThisProcess() {
        try {
            return of(Files.readAllLines(Path.of("/proc/self/limits")), Files.readAllLines(Path.of("/proc/self/status")));
        } catch (IOException e) {
            return of(List.of(), List.of());
        }
    }

    /** From the text of /proc/PID/limits and /proc/PID/status (for tests). */
    static HostLimits of(List<String> limitsLines, List<String> statusLines) {
        Map<String, Long> hard = ProcLimits.parseHardLimits(limitsLines);
        long capEff = ProcLimits.parseCapEff(statusLines);
        return new HostLimits() {
            @Override public OptionalLong hardLimit(String rlimit) {
                Long v = hard.get(rlimit);
                return v == null ? OptionalLong.empty() : OptionalLong.of(v);
            }

            @Override public boolean hasCapability(int cap) { return (capEff & (1L << cap)) != 0; }
        };
    }

    /** Parsers for the /proc text formats. */
    final class ProcLimits {
        private static final Map<String, String> NAMES = new HashMap<>();

        static {
            String[][] pairs = {{"Max cpu time", "RLIMIT_CPU"}, {"Max file size", "RLIMIT_FSIZE"},
                {"Max data size", "RLIMIT_DATA"}, {"Max stack size", "RLIMIT_STACK"}, {"Max core file size", "RLIMIT_CORE"},
                {"Max resident set", "RLIMIT_RSS"}, {"Max processes", "RLIMIT_NPROC"}, {"Max open files", "RLIMIT_NOFILE"},
                {"Max locked memory", "RLIMIT_MEMLOCK"}, {"Max address space", "RLIMIT_AS"}, {"Max file locks", "RLIMIT_LOCKS"},
                {"Max pending signals", "RLIMIT_SIGPENDING"}, {"Max msgqueue size", "RLIMIT_MSGQUEUE"},
                {"Max nice priority", "RLIMIT_NICE"}, {"Max realtime priority", "RLIMIT_RTPRIO"},
                {"Max realtime timeout", "RLIMIT_RTTIME"}};
            for (String[] p : pairs) NAMES.put(p[0], p[1]);
        }

        private ProcLimits() {}

        /** "Max open files   1024   1048576   files" → RLIMIT_NOFILE → 1048576. */
        static Map<String, Long> parseHardLimits(List<String> lines) {
            Map<String, Long> out = new HashMap<>();
            for (String line : lines) {
                String[] cols = line.trim().split("\\s{2,}");
                if (cols.length < 3 || !NAMES.containsKey(cols[0])) continue;
                try {
                    out.put(NAMES.get(cols[0]), cols[2].equals("unlimited") ? -1L : Long.parseUnsignedLong(cols[2]));
                } catch (NumberFormatException ignored) {
                    // a kernel format we do not know: treat the limit as unknown
                }
            }
            return out;
        }

        /** "CapEff:\t000001ffffffffff" → the mask; 0 if absent. */
        static long parseCapEff(List<String> lines) {
            for (String line : lines) {
                if (line.startsWith("CapEff:")) {
                    try {
                        return Long.parseUnsignedLong(line.substring(7).trim(), 16);
                    } catch (NumberFormatException e) {
                        return 0;
                    }
                }
            }
            return 0;
        }
    }
}
