package io.minicontainer.plan;

import static io.minicontainer.validate.core.HelperLimits.MAX_INTS;
import static io.minicontainer.validate.core.HelperLimits.MAX_PLAN_BYTES;
import static io.minicontainer.validate.core.HelperLimits.MAX_STEPS;
import static io.minicontainer.validate.core.HelperLimits.MAX_STRS;
import static io.minicontainer.validate.core.HelperLimits.MAX_STR_LEN;
import static io.minicontainer.validate.core.HelperLimits.STEP_BYTES;
import static io.minicontainer.validate.core.HelperLimits.STR_BYTES;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Refuses a plan that would cross one of the helper's limits ({@link HelperLimits}), counted exactly as
 * the helper counts them, with the pointer of the config field that made the step, so the helper's
 * "protocol error: this is a bug" cannot be reached from a config. Validation refuses most such configs
 * earlier; this is the backstop for what only the plan knows (e.g. the bundle directory prefixed to
 * every mount target).
 */
public final class PlanSize {
    private PlanSize() {}

    public static void check(List<Step> steps) {
        List<NativeStep> helper = new java.util.ArrayList<>(steps.size());
        for (Step s : steps) if (s instanceof NativeStep n) helper.add(n); // a loop: streams cost a cold `run`
        long bytes = (long) STEP_BYTES * helper.size();
        for (int i = 0; i < helper.size(); i++) {
            NativeStep s = helper.get(i);
            String where = pointer(s);
            if (i == MAX_STEPS) throw refuse(where, "the plan needs more than " + MAX_STEPS + " helper steps");
            long[] ints = s.ints();
            List<String> strs = s.strs();
            if (ints.length > MAX_INTS) throw refuse(where, s.kind() + " needs " + ints.length + " numbers; the helper takes at most " + MAX_INTS);
            if (strs.size() > MAX_STRS) throw refuse(where, s.kind() + " needs " + strs.size() + " strings; the helper takes at most " + MAX_STRS);
            bytes += 8L * ints.length + (long) STR_BYTES * strs.size();
            for (String str : strs) {
                int len = str == null ? 0 : str.getBytes(StandardCharsets.UTF_8).length;
                if (len > MAX_STR_LEN) throw refuse(where, s.kind() + " has a string of " + len + " bytes; the helper takes at most " + MAX_STR_LEN);
                bytes += len + 1;
            }
            if (bytes > MAX_PLAN_BYTES) throw refuse(where, "the plan is larger than the helper's " + (MAX_PLAN_BYTES >> 20) + " MiB");
        }
    }

    private static String pointer(Step s) { return s.sources().isEmpty() ? "" : s.sources().get(0); }

    private static PlanException refuse(String pointer, String message) {
        return new PlanException(pointer, message, "make this part of the config smaller");
    }
}
