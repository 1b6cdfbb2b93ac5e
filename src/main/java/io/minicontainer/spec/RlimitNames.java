package io.minicontainer.spec;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** RLIMIT_* names and their resource numbers on Linux x86-64 (asm-generic/resource.h). */
public final class RlimitNames {
    private static final Map<String, Integer> BY_NAME = new LinkedHashMap<>();

    static {
        String[] names = {"RLIMIT_CPU", "RLIMIT_FSIZE", "RLIMIT_DATA", "RLIMIT_STACK", "RLIMIT_CORE",
            "RLIMIT_RSS", "RLIMIT_NPROC", "RLIMIT_NOFILE", "RLIMIT_MEMLOCK", "RLIMIT_AS",
            "RLIMIT_LOCKS", "RLIMIT_SIGPENDING", "RLIMIT_MSGQUEUE", "RLIMIT_NICE", "RLIMIT_RTPRIO",
            "RLIMIT_RTTIME"};
        for (int i = 0; i < names.length; i++) BY_NAME.put(names[i], i);
    }

    private RlimitNames() {}

    public static Optional<Integer> number(String name) { return Optional.ofNullable(BY_NAME.get(name)); }

    public static Iterable<String> all() { return BY_NAME.keySet(); }
}
