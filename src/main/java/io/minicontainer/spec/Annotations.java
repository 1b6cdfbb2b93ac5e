package io.minicontainer.spec;

import java.util.Map;
import java.util.OptionalInt;

/** The annotations mini-container itself reads; other runtimes ignore them, as the runtime-spec says they must. */
public final class Annotations {
    /** Host pid for the container's init (clone3 set_tid); the quick form's --pid writes it. */
    public static final String PID = "run.mini-container.pid";
    public static final String PID_POINTER = "/annotations/" + PID;
    /** PID_MAX_LIMIT on 64-bit kernels: pid_max can never be set higher. */
    public static final int PID_MAX_LIMIT = 4_194_304;

    private Annotations() {}

    /** The annotation's pid if it is a decimal in 1..PID_MAX_LIMIT; empty if absent or malformed. */
    public static OptionalInt pid(String value) {
        if (value == null || !value.matches("[0-9]{1,7}")) return OptionalInt.empty();
        int pid = Integer.parseInt(value);
        return pid >= 1 && pid <= PID_MAX_LIMIT ? OptionalInt.of(pid) : OptionalInt.empty();
    }

    /** The pid the config asks for, or 0 for "any" (absent, or malformed: validation reports that). */
    public static int requestedPid(Spec spec) {
        Map<String, String> annotations = spec == null ? null : spec.annotations();
        if (annotations == null) return 0;
        return pid(annotations.get(PID)).orElse(0);
    }
}
