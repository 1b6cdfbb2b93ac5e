package io.minicontainer.validate.checks;

import io.minicontainer.spec.JsonPointers;
import io.minicontainer.spec.Spec;
import io.minicontainer.validate.core.HelperLimits;
import io.minicontainer.validate.core.SemanticCheck;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Keeps every config inside the helper's protocol limits ({@link HelperLimits}) and the kernel's own
 * string limits, naming the field that crosses one. The step and byte counts are upper estimates of
 * what the planner makes of each element (a mount is at most a few mount steps, each carrying the
 * rootfs path); the planner checks the exact plan again, so an estimate can only refuse early.
 */
public final class HelperLimitsCheck implements SemanticCheck {
    /** execve's limit for one argument or environment string (MAX_ARG_STRLEN, 32 pages). */
    static final int MAX_ARG_STRLEN = 131072;
    static final int PATH_MAX = 4096;
    /** A /proc/sys write and mount(2)'s data take one page. */
    static final int PAGE = 4096;
    /** Kernel NGROUPS_MAX. */
    static final int NGROUPS_MAX = 65536;
    /** Steps and bytes every plan has besides the config's lists (rootfs, /dev, identity, exec...). */
    static final int FIXED_STEPS = 96, FIXED_BYTES = 64 << 10;
    /** Assumed length of the bundle directory in front of root.path (the planner re-checks the real one). */
    static final int BUNDLE_DIR_ALLOWANCE = 256;
    static final int STEPS_PER_CGROUP_MOUNT = 24, STEPS_PER_DEVICE = 3;
    private static final java.util.Set<String> PROPAGATION = java.util.Set.of("private", "rprivate", "shared", "rshared",
            "slave", "rslave", "unbindable", "runbindable");
    private static final int STEP_BYTES = 32 + 5 * 16 + 5 + 16; // step, five strings, their NULs, two ints

    @Override public String name() { return "helper-limits"; }

    @Override
    public void check(Spec spec, Sink sink) {
        new Budget(spec, sink).run();
    }

    private static final class Budget {
        final Spec spec;
        final Sink sink;
        final int rootLen;
        long steps = FIXED_STEPS, bytes = FIXED_BYTES;
        boolean over;

        Budget(Spec spec, Sink sink) {
            this.spec = spec;
            this.sink = sink;
            String root = spec.root() == null ? null : spec.root().path();
            rootLen = len(root) + BUNDLE_DIR_ALLOWANCE;
        }

        void run() {
            if (spec.root() != null) path("/root/path", spec.root().path());
            Spec.Linux linux = spec.linux();
            if (linux != null) {
                List<Spec.Namespace> ns = Support.orEmpty(linux.namespaces());
                for (int i = 0; i < ns.size(); i++) {
                    if (ns.get(i) == null) continue;
                    path("/linux/namespaces/" + i + "/path", ns.get(i).path());
                    add("/linux/namespaces/" + i, 1, len(ns.get(i).path()));
                }
                if (linux.sysctl() != null) {
                    for (Map.Entry<String, String> e : linux.sysctl().entrySet()) {
                        String at = JsonPointers.append("/linux/sysctl", e.getKey());
                        if (len(e.getValue()) > PAGE) tooLong(at, "sysctl value", len(e.getValue()), PAGE);
                        add(at, 1, len(e.getKey()) + len(e.getValue()) + 16);
                    }
                }
            }
            List<Spec.Mount> mounts = Support.orEmpty(spec.mounts());
            for (int i = 0; i < mounts.size(); i++) mount("/mounts/" + i, mounts.get(i));
            if (linux != null) {
                List<Spec.Device> devices = Support.orEmpty(linux.devices());
                for (int i = 0; i < devices.size(); i++) {
                    if (devices.get(i) == null) continue;
                    path("/linux/devices/" + i + "/path", devices.get(i).path());
                    add("/linux/devices/" + i, STEPS_PER_DEVICE, STEPS_PER_DEVICE * (2L * len(devices.get(i).path()) + rootLen));
                }
                paths("/linux/readonlyPaths/", linux.readonlyPaths(), 2);
                paths("/linux/maskedPaths/", linux.maskedPaths(), 1);
            }
            Spec.Process p = spec.process();
            if (p == null) return;
            path("/process/cwd", p.cwd());
            add("/process/rlimits", Support.orEmpty(p.rlimits()).size(), 0);
            if (p.user() != null && p.user().additionalGids() != null && p.user().additionalGids().size() > NGROUPS_MAX) {
                error("/process/user/additionalGids/" + NGROUPS_MAX, "more than " + NGROUPS_MAX + " additional gids (the kernel's NGROUPS_MAX)");
            }
            exec(p);
        }

        void mount(String at, Spec.Mount m) {
            if (m == null) return;
            path(at + "/destination", m.destination());
            path(at + "/source", m.source());
            int data = 0;
            List<String> options = Support.orEmpty(m.options());
            for (String o : options) data += len(o) + 1;
            if (data > PAGE) tooLong(at + "/options", "mount options", data, PAGE);
            int n = stepsOf(m, options);
            add(at, n, (long) n * (len(m.source()) + 2L * len(m.destination()) + len(m.type()) + data + rootLen + PATH_MAX / 4));
        }

        /** As RootfsSteps: one mount, a bind remount for binds (and sysfs), a propagation call; a v1 cgroup mount is one per hierarchy. */
        static int stepsOf(Spec.Mount m, List<String> options) {
            if ("cgroup".equals(m.type()) || "cgroup2".equals(m.type())) return STEPS_PER_CGROUP_MOUNT;
            boolean bind = m.isBind() || "sysfs".equals(m.type());
            boolean propagation = false; // a loop: a stream and lambda per mount cost a cold start
            for (String o : options) {
                if (PROPAGATION.contains(o)) {
                    propagation = true;
                    break;
                }
            }
            return (bind ? 2 : 1) + (propagation ? 1 : 0);
        }

        void paths(String prefix, List<String> list, int stepsEach) {
            List<String> l = Support.orEmpty(list);
            for (int i = 0; i < l.size(); i++) {
                path(prefix + i, l.get(i));
                add(prefix + i, stepsEach, 2L * stepsEach * len(l.get(i)));
            }
        }

        /** argv, env and the PATH candidates for argv[0] travel as one exec step. */
        void exec(Spec.Process p) {
            List<String> args = Support.orEmpty(p.args()), env = Support.orEmpty(p.env());
            long strings = 0, execBytes = 0;
            for (int i = 0; i < args.size(); i++) {
                if (len(args.get(i)) > MAX_ARG_STRLEN) tooLong("/process/args/" + i, "argument", len(args.get(i)), MAX_ARG_STRLEN);
                execBytes += len(args.get(i)) + 17;
                if (++strings > HelperLimits.MAX_STRS / 2) { error("/process/args/" + i, "more than " + HelperLimits.MAX_STRS / 2 + " arguments"); return; }
            }
            String path = null;
            for (int i = 0; i < env.size(); i++) {
                String e = env.get(i);
                if (len(e) > MAX_ARG_STRLEN) tooLong("/process/env/" + i, "environment entry", len(e), MAX_ARG_STRLEN);
                if (e != null && e.startsWith("PATH=")) path = e.substring(5);
                execBytes += len(e) + 17;
                if (++strings > HelperLimits.MAX_STRS / 2) { error("/process/env/" + i, "more than " + HelperLimits.MAX_STRS / 2 + " arguments and environment entries together"); return; }
            }
            String arg0 = args.isEmpty() ? null : args.get(0);
            if (arg0 != null && arg0.indexOf('/') < 0 && path != null) {
                long dirs = 1;
                for (int c = 0; c < path.length(); c++) if (path.charAt(c) == ':') dirs++;
                long candidates = dirs * (len(arg0) + 2L) + len(path);
                if (dirs > HelperLimits.MAX_STRS / 4 || candidates > HelperLimits.MAX_STR_LEN) {
                    error("/process/env", "PATH has too many or too long entries to search for \"" + shorten(arg0) + "\"");
                    return;
                }
                execBytes += candidates + 16 * dirs;
            }
            add(arg0 == null ? "/process/args" : "/process/args/0", 1, execBytes);
        }

        void path(String at, String value) {
            if (len(value) > PATH_MAX) tooLong(at, "path", len(value), PATH_MAX);
        }

        void add(String at, long moreSteps, long moreBytes) {
            if (over) return;
            steps += moreSteps;
            bytes += moreSteps * STEP_BYTES + moreBytes;
            if (steps > HelperLimits.MAX_STEPS) {
                over = true;
                error(at, "the config needs more than the " + HelperLimits.MAX_STEPS + " steps the helper takes (this is where the count crosses it)");
            } else if (bytes > HelperLimits.MAX_PLAN_BYTES) {
                over = true;
                error(at, "the config is larger than the " + (HelperLimits.MAX_PLAN_BYTES >> 20) + " MiB plan the helper takes (this is where it crosses it)");
            }
        }

        void tooLong(String at, String what, long bytes, int max) {
            error(at, what + " is " + bytes + " bytes long; at most " + max + " are allowed");
        }

        void error(String at, String message) { sink.error(at, message, "make this part of the config smaller"); }
    }

    private static int len(String s) { return s == null ? 0 : s.getBytes(StandardCharsets.UTF_8).length; }

    private static String shorten(String s) { return s.length() <= 40 ? s : s.substring(0, 40) + "..."; }
}
