package io.minicontainer.cgroup;

import io.minicontainer.spec.Spec;
import java.util.ArrayList;
import java.util.List;

/**
 * The device access rules of a container, in the order they apply: the config's
 * {@code linux.resources.devices}, then the allow rules runc appends for the nodes every container
 * gets (the default /dev nodes, /dev/pts/*, /dev/ptmx, tun/tap, and mknod of any char or block
 * node, so that creating a node never grants opening it). Checked against runc 1.1.5 on this host:
 * its container's devices.list holds exactly these (no /dev/console rule).
 */
public final class DeviceRules {
    /** -1 stands for the wildcard "*" (any major or minor). */
    public static final long ANY = -1;
    static final String SOURCE = "/linux/resources/devices/";

    /**
     * One rule. {@code type} is 'a' (all), 'c' or 'b'; {@code access} a subset of "rwm".
     * {@code sources} is the config pointer, or empty for runc's defaults.
     */
    public record Rule(boolean allow, char type, long major, long minor, String access, List<String> sources) {
        /** Matches every device with every access: the v1 file then takes just "a". */
        public boolean isAll() { return type == 'a'; }

        /** The text devices.allow / devices.deny take: "a" or "c 1:3 rwm". */
        public String v1Line() {
            return isAll() ? "a" : type + " " + number(major) + ":" + number(minor) + " " + access;
        }

        public String describe() { return (allow ? "allow " : "deny ") + (isAll() ? "a *:* rwm" : v1Line()); }

        private static String number(long n) { return n == ANY ? "*" : Long.toString(n); }
    }

    /** runc's default allow list (libcontainer/specconv AllowedDevices, as runc 1.1.5 writes it). */
    static final List<Rule> DEFAULTS = List.of(
            defaultRule('c', ANY, ANY, "m"), defaultRule('b', ANY, ANY, "m"),
            defaultRule('c', 1, 3, "rwm"),     // /dev/null
            defaultRule('c', 1, 8, "rwm"),     // /dev/random
            defaultRule('c', 1, 7, "rwm"),     // /dev/full
            defaultRule('c', 5, 0, "rwm"),     // /dev/tty
            defaultRule('c', 1, 5, "rwm"),     // /dev/zero
            defaultRule('c', 1, 9, "rwm"),     // /dev/urandom
            defaultRule('c', 136, ANY, "rwm"), // /dev/pts/*
            defaultRule('c', 5, 2, "rwm"),     // /dev/ptmx
            defaultRule('c', 10, 200, "rwm")); // /dev/net/tun

    private DeviceRules() {}

    /** A rule this runtime will not write, with the pointer of the offending field. */
    public static final class InvalidRule extends IllegalArgumentException {
        private final String pointer, reason;

        public InvalidRule(String pointer, String reason) {
            super(pointer + " " + reason);
            this.pointer = pointer;
            this.reason = reason;
        }

        public String pointer() { return pointer; }

        public String reason() { return reason; }
    }

    private static Rule defaultRule(char type, long major, long minor, String access) {
        return new Rule(true, type, major, minor, access, List.of());
    }

    /**
     * The config's rules (each citing its pointer) followed by the default allows.
     *
     * @throws IllegalArgumentException for a rule the kernel would read as something else
     */
    public static List<Rule> of(List<Spec.DeviceRule> config) {
        List<Rule> rules = new ArrayList<>();
        List<Spec.DeviceRule> given = config == null ? List.of() : config;
        for (int i = 0; i < given.size(); i++) rules.add(fromConfig(given.get(i), SOURCE + i));
        rules.addAll(DEFAULTS);
        return List.copyOf(rules);
    }

    /** True when the config asks for any rule at all (then a missing devices controller is an error). */
    public static boolean requested(Spec.Resources resources) {
        return resources != null && resources.devices() != null && !resources.devices().isEmpty();
    }

    public static Rule fromConfig(Spec.DeviceRule r, String pointer) {
        String t = r.type() == null || r.type().isEmpty() ? "a" : r.type();
        if (!t.equals("a") && !t.equals("c") && !t.equals("b")) {
            throw new InvalidRule(pointer + "/type", "type \"" + t + "\" is not a (all), c (char) or b (block)");
        }
        String access = normalizeAccess(r.access(), pointer);
        long major = r.major() == null ? ANY : r.major();
        long minor = r.minor() == null ? ANY : r.minor();
        if (major < ANY || major > Integer.MAX_VALUE) {
            throw new InvalidRule(pointer + "/major", "has a device number outside 0.." + Integer.MAX_VALUE + " (absent means any)");
        }
        if (minor < ANY || minor > Integer.MAX_VALUE) {
            throw new InvalidRule(pointer + "/minor", "has a device number outside 0.." + Integer.MAX_VALUE + " (absent means any)");
        }
        char type = t.charAt(0);
        // The kernel reads any line starting with "a" as "everything": a narrower type-a rule would widen.
        if (type == 'a' && (major != ANY || minor != ANY || !access.equals("rwm"))) {
            throw new InvalidRule(pointer, "has type a (all devices) with a major, minor or access narrower than *:* rwm;"
                    + " the kernel would apply it to every device: use type c or b");
        }
        return new Rule(r.allow(), type, major, minor, access, List.of(pointer));
    }

    /**
     * "wr" → "rw"; absent → "rwm"; anything else is an error, "" too: it reads as "no access" but the
     * kernel would take the rule for every access (runc refuses it as well).
     */
    static String normalizeAccess(String access, String pointer) {
        if (access == null) return "rwm";
        if (access.isEmpty()) {
            throw new InvalidRule(pointer + "/access", "access \"\" names no access; give r, w and/or m (leave it out for rwm)");
        }
        StringBuilder out = new StringBuilder();
        for (char c : access.toCharArray()) {
            if ("rwm".indexOf(c) < 0) {
                throw new InvalidRule(pointer + "/access", "access \"" + access + "\" may contain only r, w and m");
            }
        }
        for (char c : "rwm".toCharArray()) if (access.indexOf(c) >= 0) out.append(c);
        return out.toString();
    }
}
