package io.minicontainer.validate.checks;

import io.minicontainer.spec.Spec;
import io.minicontainer.validate.core.SemanticCheck;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Ranges the kernel accepts for cpu.shares, cfs quota/period, and the cpuset list syntax. */
public final class CpuLimitsCheck implements SemanticCheck {
    /** cpu.shares range of cgroup v1 (kernel MIN_SHARES..MAX_SHARES); v2 weights are converted from it. */
    static final long MIN_SHARES = 2, MAX_SHARES = 262144;
    /** CFS bandwidth: the kernel rejects periods outside 1 ms..1 s and quotas below 1 ms. */
    static final long MIN_PERIOD = 1000, MAX_PERIOD = 1_000_000, MIN_QUOTA = 1000;
    private static final Pattern RANGE = Pattern.compile("(\\d+)(?:-(\\d+))?");

    @Override public String name() { return "cpu"; }

    @Override
    public void check(Spec spec, Sink sink) {
        if (spec.linux() == null || spec.linux().resources() == null || spec.linux().resources().cpu() == null) return;
        Spec.Cpu c = spec.linux().resources().cpu();
        String at = "/linux/resources/cpu/";
        if (c.shares() != null && (c.shares() < MIN_SHARES || c.shares() > MAX_SHARES)) {
            sink.error(at + "shares", "cpu shares " + c.shares() + " is outside " + MIN_SHARES + ".." + MAX_SHARES, "1024 is the default weight");
        }
        if (c.quota() != null && c.quota() != -1 && c.quota() < MIN_QUOTA) {
            sink.error(at + "quota", "cpu quota " + c.quota() + " must be at least " + MIN_QUOTA + " microseconds, or -1", null);
        }
        if (c.period() != null && (c.period() < MIN_PERIOD || c.period() > MAX_PERIOD)) {
            sink.error(at + "period", "cpu period " + c.period() + " is outside " + MIN_PERIOD + ".." + MAX_PERIOD + " microseconds",
                    "100000 (100 ms) is the usual period");
        }
        checkList(at + "cpus", "cpus", c.cpus(), sink);
        checkList(at + "mems", "mems", c.mems(), sink);
    }

    private static void checkList(String pointer, String field, String value, Sink sink) {
        if (value == null || value.isEmpty()) return;
        String error = listError(value);
        if (error != null) {
            sink.error(pointer, field + " \"" + value + "\" " + error, "write a list like \"0-1,3\"");
        }
    }

    /** null when {@code value} is a valid cpuset list ("0-1,3"), else what is wrong. */
    static String listError(String value) {
        for (String part : value.split(",", -1)) {
            Matcher m = RANGE.matcher(part);
            if (!m.matches()) return "is not a list of numbers and ranges";
            if (m.group(2) != null && Long.parseLong(m.group(1)) > Long.parseLong(m.group(2))) {
                return "has a range that goes backwards (" + part + ")";
            }
        }
        return null;
    }
}
