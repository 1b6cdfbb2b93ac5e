package io.minicontainer.exec;

import io.minicontainer.plan.NativeStep;
import io.minicontainer.plan.Plan;
import io.minicontainer.plan.Step;
import io.minicontainer.spec.CapabilityNames;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Turns "step index + errno" from the helper into one sentence naming the plan step, the syscall
 * and its errno name, the config pointer, and a hint:
 * {@code step 9 mount proc on /proc: EPERM (from /mounts/2): ...}.
 */
public final class StepFailure {
    private StepFailure() {}

    public static String describe(Plan plan, int planIndex, int errno) { return describe(plan, planIndex, errno, 0); }

    /** {@code detail}: for a hook run in the container, its wait status when it ran and failed (errno 0). */
    public static String describe(Plan plan, int planIndex, int errno, int detail) {
        if (planIndex < 0 || planIndex >= plan.steps().size()) {
            return "the helper reported " + Errno.name(errno) + " for unknown step " + planIndex;
        }
        Step step = plan.steps().get(planIndex);
        if (step instanceof NativeStep.ContainerHook h) return hookFailure(planIndex, h, errno, detail);
        StringBuilder b = new StringBuilder();
        b.append("step ").append(planIndex + 1).append(' ').append(step.describe()).append(": ")
                .append(Errno.name(errno)).append(" (").append(Errno.text(errno)).append(')');
        if (!step.sources().isEmpty()) b.append(" from ").append(String.join(", ", step.sources()));
        String hint = hint(step, errno);
        if (hint != null) b.append(": ").append(hint);
        return b.toString();
    }

    /** Like the host-side hook runner's messages: "hooks.STAGE[i] PATH: exit status N". */
    static String hookFailure(int planIndex, NativeStep.ContainerHook h, int errno, int waitStatus) {
        String what;
        if (errno == 0 && waitStatus != 0) {
            int signal = waitStatus & 0x7f;
            what = signal == 0 ? "exit status " + ((waitStatus >> 8) & 0xff) : "killed by signal " + signal;
        } else if (errno == Errno.ETIMEDOUT) {
            what = "still running after its timeout of " + h.timeout() + " s; killed";
        } else {
            what = "cannot run: " + Errno.name(errno) + " (" + Errno.text(errno) + ")";
        }
        return "step " + (planIndex + 1) + " hooks." + h.stage() + "[" + h.index() + "] " + h.path() + ": " + what
                + " (from " + String.join(", ", h.sources()) + "; its output went to the container's stderr)";
    }

    static String hint(Step step, int errno) {
        if (step instanceof NativeStep.SetRlimit r && errno == Errno.EPERM) {
            return "the hard limit is above this host's hard limit for " + r.name() + " (" + hostHardLimit(r.resource())
                    + ") and CAP_SYS_RESOURCE is unavailable; lower \"hard\"";
        }
        if (step instanceof NativeStep.SetCapabilities c && errno == Errno.EPERM) {
            return capsetHint(c, hostBounding());
        }
        if (step instanceof NativeStep.KeepBounding && errno == Errno.EPERM) {
            return "dropping the bounding set needs CAP_SETPCAP in the runtime";
        }
        if (step instanceof NativeStep.Exec e) {
            if (errno == Errno.ENOENT) return "\"" + e.argv().get(0) + "\" was not found in the rootfs (tried " + String.join(", ", e.candidates()) + ")";
            if (errno == Errno.EACCES) return "\"" + e.argv().get(0) + "\" is not executable in the rootfs";
            if (errno == Errno.ENOEXEC) return "\"" + e.argv().get(0) + "\" is not a binary or script this kernel can run";
        }
        if (step instanceof NativeStep.Seccomp sc && sc.listener() != null) {
            String path = sc.listener().path();
            if (errno == Errno.ENOENT) return "no seccomp agent listens at " + path + ": start it before the container";
            if (errno == Errno.ECONNREFUSED) return "the socket " + path + " exists but nobody listens on it: start the seccomp agent";
            if (errno == Errno.EAGAIN) return "the seccomp agent at " + path + " did not take the connection within "
                    + sc.listener().timeoutSeconds() + " s";
            // host root passes any permission check, but exec joins the container's user namespace first and
            // connects from there, with uid 0 and no capability over host files: only the mode bits count then
            if (errno == Errno.EACCES) return "the helper may not connect to " + path + " (exec into a container with a user "
                    + "namespace connects from inside it, as uid 0 without CAP_DAC_OVERRIDE): the socket must be writable, "
                    + "and its directories searchable, by root as their owner or by others";
        }
        if (step instanceof NativeStep.PidAlive p && errno == Errno.ESRCH) {
            return "the container's process (pid " + p.pid() + ") exited while exec joined it: nothing was started";
        }
        if (step instanceof NativeStep.Chdir && errno == Errno.ENOENT) return "process.cwd does not exist in the rootfs";
        if (step instanceof NativeStep.JoinNamespace && errno == Errno.ENOENT) return "the namespace path does not exist";
        if (step instanceof NativeStep.JoinNamespace && errno == Errno.EINVAL) return "the path is not a namespace of that type";
        if (step instanceof NativeStep.JoinMountNamespace && errno == Errno.ENOENT) return "the namespace path does not exist";
        if (step instanceof NativeStep.JoinMountNamespace && errno == Errno.EINVAL) return "the path is not a mount namespace";
        if (step instanceof NativeStep.JoinMountNamespace && errno == Errno.EPERM) {
            return "a new user namespace has no rights over a mount namespace owned by another one: join that user namespace too";
        }
        if (step instanceof NativeStep.BecomeNamespaceRoot && errno == Errno.EINVAL) {
            return "uid 0 or gid 0 is not mapped in the user namespace: map containerID 0 in uidMappings and gidMappings";
        }
        if (step instanceof NativeStep.Clone c && c.setTid() > 0) {
            if (errno == Errno.EEXIST) return "pid " + c.setTid() + " is already in use on the host";
            if (errno == Errno.EINVAL) return "pid " + c.setTid() + " is out of range (see /proc/sys/kernel/pid_max)";
            if (errno == Errno.ENOSYS || errno == Errno.E2BIG) return "this kernel cannot choose a pid for a new process (clone3 set_tid needs Linux 5.5)";
            if (errno == Errno.EPERM) return "choosing a pid needs CAP_SYS_ADMIN or CAP_CHECKPOINT_RESTORE in the runtime";
        }
        if (step instanceof NativeStep.Mount m) {
            if (errno == Errno.ENOENT && m.source() != null && m.source().startsWith("/")) return "the source " + m.source() + " does not exist on the host";
            if (errno == Errno.EPERM) return "the kernel refused this mount here (a locked mount, or a filesystem that needs its own namespace)";
            if (errno == Errno.EINVAL) return "the mount options are not valid for this filesystem";
            if (errno == Errno.EACCES || errno == Errno.EOVERFLOW) {
                return "in a user namespace the mapped root must be able to reach and create this path: make the rootfs"
                        + " world-readable, or chown it to the mapped ids (as podman does)";
            }
        }
        if (step instanceof NativeStep.MaskPath && errno == Errno.ENOENT) {
            return "the container has no /dev/null to mask files with: mount a tmpfs at /dev (the default config does)";
        }
        if (step instanceof NativeStep.MaskPath && errno == Errno.ENOTBLK) {
            return "the container's /dev/null is not the null device (character device 1:3), so masking could be redirected:"
                    + " mount a tmpfs at /dev (the default config does) or fix the image's /dev/null";
        }
        if (step instanceof NativeStep.PivotRoot && errno == Errno.EINVAL) return "the rootfs must be a directory on a private mount";
        if (step instanceof NativeStep.CgroupJoin && errno == Errno.ENOSPC) return "the cgroup has no cpus or memory nodes (cpuset)";
        if (step instanceof NativeStep.CgroupJoin && errno == Errno.EAGAIN) return "the pids limit is already reached";
        return null;
    }

    /** Names the requested capabilities this host's bounding set lacks (on this project's machines: CAP_SYS_RESOURCE). */
    static String capsetHint(NativeStep.SetCapabilities c, String capBndHex) {
        long requested = c.effective() | c.permitted() | c.inheritable();
        try {
            long missing = requested & ~Long.parseUnsignedLong(capBndHex, 16);
            if (missing != 0) {
                return "this host's bounding set (CapBnd " + capBndHex + ") lacks " + CapabilityNames.names(missing)
                        + ", so no process here can hold it: remove it from the config";
            }
        } catch (NumberFormatException ignored) {
            // CapBnd unreadable: fall through to the general sentence
        }
        return "a requested capability is not permitted here (effective and inheritable must be within permitted,"
                + " and permitted within the bounding set)";
    }

    /** Read only on the error path, so planning stays pure. */
    private static String hostHardLimit(int resource) {
        String[] names = {"Max cpu time", "Max file size", "Max data size", "Max stack size", "Max core file size",
            "Max resident set", "Max processes", "Max open files", "Max locked memory", "Max address space",
            "Max file locks", "Max pending signals", "Max msgqueue size", "Max nice priority", "Max realtime priority",
            "Max realtime timeout"};
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
                if (resource < names.length && line.startsWith(names[resource])) {
                    List<String> cols = List.of(line.substring(26).trim().split("\\s+"));
                    return "hard limit " + cols.get(1);
                }
            }
        } catch (IOException ignored) {
            // fall through to the generic text
        }
        return "hard limit unknown";
    }

    private static String hostBounding() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("CapBnd:")) return line.substring(7).trim();
            }
        } catch (IOException ignored) {
            // fall through
        }
        return "unknown";
    }
}
