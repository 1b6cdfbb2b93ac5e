package io.minicontainer.seccomp;

import io.minicontainer.spec.Spec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What SCMP_ACT_NOTIFY needs to work, checked once for the compiler (which throws the first problem)
 * and for validate (which reports them all, with line:col). The container process loads the filter
 * with SECCOMP_FILTER_FLAG_NEW_LISTENER and hands the listener fd to the helper with sendmsg(2); the
 * helper sends it, with the container process state, to {@code listenerPath} (runtime-spec, config-linux.md).
 */
public final class NotifyRules {
    /** SECCOMP_FILTER_FLAG_NEW_LISTENER and SECCOMP_FILTER_FLAG_TSYNC_ESRCH (linux/seccomp.h): the runtime's flags. */
    public static final int NEW_LISTENER = 8, TSYNC_ESRCH = 16;
    /** sockaddr_un.sun_path holds 108 bytes with the terminating NUL. */
    public static final int MAX_SOCKET_PATH = 107;
    private static final String NOTIFY = "SCMP_ACT_NOTIFY";

    /**
     * Syscalls that may not notify. sendmsg: the helper's own hand-over, it would wait for an answer that only
     * the listener, which does not have the fd yet, could give. write: runc refuses it for the same reason (its
     * init hands the fd over with write); refused alike so a profile behaves the same under both runtimes.
     */
    static final Map<String, String> NEVER_NOTIFIED = Map.of(
            "sendmsg", "the container process hands the listener fd to mini-container with sendmsg: it would wait forever",
            "write", "runc refuses it too (its init hands the listener fd over with write)");

    private NotifyRules() {}

    /** True if the profile asks for a notify listener (a rule or the default action is SCMP_ACT_NOTIFY). */
    public static boolean usesNotify(Spec.Seccomp profile) {
        if (NOTIFY.equals(profile.defaultAction())) return true;
        for (Spec.SyscallRule r : orEmpty(profile.syscalls())) if (r != null && NOTIFY.equals(r.action())) return true;
        return false;
    }

    /** Every reason this profile's notify part cannot be applied, in profile order; empty when it can. */
    public static List<SeccompException> problems(Spec.Seccomp profile) {
        String at = SeccompCompiler.AT;
        List<SeccompException> out = new ArrayList<>();
        String path = profile.listenerPath();
        boolean hasPath = path != null && !path.isEmpty();
        if (NOTIFY.equals(profile.defaultAction())) {
            out.add(new SeccompException(at + "/defaultAction", "SCMP_ACT_NOTIFY cannot be the default action: sendmsg and write "
                    + "would notify before the listener has the fd (runc refuses it too)", "notify chosen syscalls in a rule instead"));
        }
        List<Spec.SyscallRule> rules = orEmpty(profile.syscalls());
        for (int i = 0; i < rules.size(); i++) {
            Spec.SyscallRule r = rules.get(i);
            if (r == null || !NOTIFY.equals(r.action())) continue;
            if (!hasPath) {
                out.add(new SeccompException(at + "/syscalls/" + i + "/action", "SCMP_ACT_NOTIFY needs linux.seccomp.listenerPath "
                        + "(the unix socket of the seccomp agent that gets the listener fd)", "set /linux/seccomp/listenerPath"));
            }
            List<String> names = orEmpty(r.names());
            for (int j = 0; j < names.size(); j++) {
                String why = names.get(j) == null ? null : NEVER_NOTIFIED.get(names.get(j));
                if (why != null) {
                    out.add(new SeccompException(at + "/syscalls/" + i + "/names/" + j,
                            "SCMP_ACT_NOTIFY cannot be used for " + names.get(j) + ": " + why, "use SCMP_ACT_ERRNO or SCMP_ACT_TRACE for it"));
                }
            }
        }
        if (hasPath && !path.startsWith("/")) {
            out.add(new SeccompException(at + "/listenerPath", "listenerPath must be an absolute path, not \"" + path + "\"",
                    "the helper connects to it on the host, from no particular directory"));
        } else if (hasPath && path.getBytes(StandardCharsets.UTF_8).length > MAX_SOCKET_PATH) {
            out.add(new SeccompException(at + "/listenerPath", "listenerPath is longer than a unix socket path can be ("
                    + MAX_SOCKET_PATH + " bytes)", "use a shorter path"));
        }
        if (!hasPath && profile.listenerMetadata() != null) {
            out.add(new SeccompException(at + "/listenerMetadata", "listenerMetadata is set but listenerPath is not "
                    + "(the runtime-spec forbids it)", "set listenerPath or remove listenerMetadata"));
        }
        return out;
    }

    private static <T> List<T> orEmpty(List<T> list) { return list == null ? List.of() : list; }
}
