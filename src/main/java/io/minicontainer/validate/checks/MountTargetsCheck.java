package io.minicontainer.validate.checks;

import io.minicontainer.spec.Spec;
import io.minicontainer.validate.core.SemanticCheck;
import java.util.List;
import java.util.Set;

/**
 * Mounts whose meaning the config cannot intend, refused before anything is created: a mount on
 * "/" (it hides the rootfs: execve then fails), a mount with no type that is not a bind (the kernel
 * refuses it), and, as runc refuses them, anything but proc on /proc and any mount inside /proc
 * except the files lxcfs emulates (a bind of the host's /proc/sys would hand the container the
 * host's sysctls).
 */
public final class MountTargetsCheck implements SemanticCheck {
    /** runc's list of /proc files a mount may cover (lxcfs). */
    static final Set<String> PROC_FILES = Set.of("/proc/cpuinfo", "/proc/diskstats", "/proc/meminfo", "/proc/stat",
            "/proc/swaps", "/proc/uptime", "/proc/loadavg", "/proc/slabinfo", "/proc/net/dev", "/proc/sys/kernel/ns_last_pid");

    @Override public String name() { return "mount-targets"; }

    @Override
    public void check(Spec spec, Sink sink) {
        List<Spec.Mount> mounts = Support.orEmpty(spec.mounts());
        for (int i = 0; i < mounts.size(); i++) {
            Spec.Mount m = mounts.get(i);
            if (m == null || m.destination() == null || !Support.isAbsolute(m.destination()) || Support.hasDotDot(m.destination())) continue;
            String at = "/mounts/" + i;
            String dest = normalize(m.destination());
            boolean bind = m.isBind();
            String type = m.type() == null ? "" : m.type();
            if (dest.equals("/")) {
                sink.error(at + "/destination", "a mount on / would hide the rootfs (root.path is the container's /)",
                        "mount it below /, or make it the rootfs");
            } else if (type.isEmpty() && !bind) {
                sink.error(at + "/type", "mount on " + dest + " has no type and is not a bind mount", "give a type such as tmpfs, or the option rbind");
            } else if (dest.equals("/proc") && (bind || !type.equals("proc"))) { // type proc with rbind is still a bind
                sink.error(at + "/destination", "only a proc filesystem may be mounted on /proc (this mount is " + (bind ? "a bind" : type) + ")",
                        "use {\"destination\": \"/proc\", \"type\": \"proc\", \"source\": \"proc\"}");
            } else if (dest.startsWith("/proc/") && !PROC_FILES.contains(dest)) {
                sink.error(at + "/destination", "mount destination " + dest + " is inside /proc, which runc and mini-container refuse"
                        + " (only " + String.join(", ", new java.util.TreeSet<>(PROC_FILES)) + " may be covered)", null);
            }
        }
    }

    /** Collapses "//" and "/./" and a trailing "/" (".." is refused by MountDestinationsCheck). */
    static String normalize(String d) {
        StringBuilder b = new StringBuilder();
        for (String part : d.split("/")) {
            if (part.isEmpty() || part.equals(".")) continue;
            b.append('/').append(part);
        }
        return b.length() == 0 ? "/" : b.toString();
    }
}
