package io.minicontainer.spec;

import java.util.Map;

/** Config names of kernel values that are not capabilities or rlimits: used by validation and the planner. */
public final class KernelNames {
    private KernelNames() {}

    /** personality(2) execution domains a runtime-spec config may name (as runc: LINUX and LINUX32). */
    public static final Map<String, Long> PERSONALITY_DOMAINS = Map.of("LINUX", 0x0000L, "LINUX32", 0x0008L);

    /** ioprio classes (IOPRIO_CLASS_*). */
    public static final Map<String, Integer> IOPRIO_CLASSES = Map.of("IOPRIO_CLASS_RT", 1, "IOPRIO_CLASS_BE", 2, "IOPRIO_CLASS_IDLE", 3);
}
