package io.minicontainer.plan;

import java.util.List;
import java.util.Map;

/**
 * What `exec` adds to the container's recorded config (whose process is the one to start): where the
 * running container is, read from the host before planning (the planner does no I/O).
 *
 * @param containerId    the container
 * @param pid            host pid of its init
 * @param startTime      the init's start time as recorded (/proc/PID/stat field 22; 0: not recorded, not checked)
 * @param bundle         its bundle directory as create recorded it (the state a seccomp agent gets names it)
 * @param namespaces     namespace type ("user", "mount", ...) → /proc/PID/ns/... for each type the config lists
 * @param cgroupProcs    cgroup.procs of every hierarchy the init is in (v1 controllers, or the v2 group)
 * @param originProcs    cgroup.procs of the runtime's own cgroups, which the helper returns to after clone
 * @param consoleSocket  where a terminal's pty master goes (null: the helper relays the caller's terminal)
 * @param preservedFds   fds 3.. kept open into the process (--preserve-fds)
 */
public record ExecRequest(String containerId, int pid, long startTime, String bundle, Map<String, String> namespaces, List<String> cgroupProcs,
                          List<String> originProcs, String consoleSocket, int preservedFds) {
    public ExecRequest {
        namespaces = Map.copyOf(namespaces);
        cgroupProcs = List.copyOf(cgroupProcs);
        originProcs = List.copyOf(originProcs);
    }
}
