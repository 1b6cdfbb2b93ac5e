package io.minicontainer.spec;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Linux capability names and numbers (linux/capability.h), 0..40. */
public final class CapabilityNames {
    private static final String[] NAMES = {
        "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_FOWNER", "CAP_FSETID",
        "CAP_KILL", "CAP_SETGID", "CAP_SETUID", "CAP_SETPCAP", "CAP_LINUX_IMMUTABLE",
        "CAP_NET_BIND_SERVICE", "CAP_NET_BROADCAST", "CAP_NET_ADMIN", "CAP_NET_RAW", "CAP_IPC_LOCK",
        "CAP_IPC_OWNER", "CAP_SYS_MODULE", "CAP_SYS_RAWIO", "CAP_SYS_CHROOT", "CAP_SYS_PTRACE",
        "CAP_SYS_PACCT", "CAP_SYS_ADMIN", "CAP_SYS_BOOT", "CAP_SYS_NICE", "CAP_SYS_RESOURCE",
        "CAP_SYS_TIME", "CAP_SYS_TTY_CONFIG", "CAP_MKNOD", "CAP_LEASE", "CAP_AUDIT_WRITE",
        "CAP_AUDIT_CONTROL", "CAP_SETFCAP", "CAP_MAC_OVERRIDE", "CAP_MAC_ADMIN", "CAP_SYSLOG",
        "CAP_WAKE_ALARM", "CAP_BLOCK_SUSPEND", "CAP_AUDIT_READ", "CAP_PERFMON", "CAP_BPF",
        "CAP_CHECKPOINT_RESTORE",
    };
    private static final Map<String, Integer> BY_NAME = new LinkedHashMap<>();

    static {
        for (int i = 0; i < NAMES.length; i++) BY_NAME.put(NAMES[i], i);
    }

    private CapabilityNames() {}

    public static int last() { return NAMES.length - 1; }

    public static String name(int number) { return NAMES[number]; }

    /** Accepts "CAP_NET_ADMIN", "NET_ADMIN", "net_admin". */
    public static Optional<Integer> number(String name) {
        if (name == null) return Optional.empty();
        String upper = name.trim().toUpperCase(Locale.ROOT);
        if (!upper.startsWith("CAP_")) upper = "CAP_" + upper;
        return Optional.ofNullable(BY_NAME.get(upper));
    }

    /** Canonical "CAP_X" spelling, or empty if unknown. */
    public static Optional<String> canonical(String name) {
        Optional<Integer> nr = number(name); // no map(method reference): on every start's path
        return nr.isPresent() ? Optional.of(name(nr.get())) : Optional.empty();
    }

    public static Iterable<String> all() { return BY_NAME.keySet(); }

    public static long mask(Iterable<String> names) {
        long m = 0;
        if (names == null) return 0;
        for (String n : names) {
            Optional<Integer> nr = number(n); // no orElseThrow(lambda): mask() is on every start's path
            if (nr.isEmpty()) throw new IllegalArgumentException("unknown capability " + n);
            m |= 1L << nr.get();
        }
        return m;
    }

    /** "CAP_A,CAP_B" for a mask, in number order. */
    public static String names(long mask) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < NAMES.length; i++) {
            if ((mask & (1L << i)) != 0) {
                if (b.length() > 0) b.append(',');
                b.append(NAMES[i]);
            }
        }
        return b.toString();
    }
}
