package io.minicontainer.plan;

import io.minicontainer.spec.CapabilityNames;
import io.minicontainer.spec.KernelNames;
import io.minicontainer.spec.RlimitNames;
import io.minicontainer.spec.JsonPointers;
import io.minicontainer.spec.Spec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Container-side steps that shape the process: /proc writes, identity, capabilities, exec. */
final class ProcessSteps {
    private static final int DEFAULT_UMASK = 0022;

    private ProcessSteps() {}

    /** exec: the console socket (a host path, before the mount namespace is joined) and oom_score_adj. */
    static void execProcWrites(Spec spec, PlanRequest request, List<Step> steps) {
        Spec.Process p = spec.process();
        if (p.isTerminal() && request.consoleSocket() != null) {
            steps.add(new NativeStep.ConsoleConnect(request.consoleSocket(), List.of("/process/terminal")));
        }
        if (p.oomScoreAdj() != null) {
            steps.add(new NativeStep.WriteFile("/proc/self/oom_score_adj", p.oomScoreAdj().toString(), List.of("/process/oomScoreAdj")));
        }
    }

    /** Written through the host's /proc, before pivot_root, so they don't depend on the container mounting /proc. */
    static void procWrites(Spec spec, PlanRequest request, List<Step> steps) {
        if (request.execFifo() != null) steps.add(new NativeStep.OpenFifo(request.execFifo(), List.of()));
        Spec.Process p = spec.process();
        if (p != null && p.isTerminal() && request.consoleSocket() != null) {
            steps.add(new NativeStep.ConsoleConnect(request.consoleSocket(), List.of("/process/terminal")));
        }
        if (p != null && p.oomScoreAdj() != null) {
            steps.add(new NativeStep.WriteFile("/proc/self/oom_score_adj", p.oomScoreAdj().toString(), List.of("/process/oomScoreAdj")));
        }
        Map<String, String> sysctl = spec.linux() == null ? null : spec.linux().sysctl();
        if (sysctl != null) {
            for (var e : sysctl.entrySet()) {
                // validation (SysctlCheck) accepts only dotted words; this keeps a key from ever leaving /proc/sys
                if (!e.getKey().matches("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*")) {
                    throw new PlanException(JsonPointers.append("/linux/sysctl", e.getKey()), "sysctl name is not dot-separated words", null);
                }
                steps.add(new NativeStep.WriteFile("/proc/sys/" + e.getKey().replace('.', '/'), e.getValue(),
                        List.of(JsonPointers.append("/linux/sysctl", e.getKey()))));
            }
        }
    }

    static void identity(Spec spec, PlanRequest request, HostFacts facts, List<Step> steps) {
        identity(spec, request, null, facts, steps);
    }

    /**
     * {@code exec}: null for the container's first process. An exec'd process joins a uts namespace whose names are
     * set already, gets no personality (runc's exec does not set it either), and a notify filter's agent is told about
     * the running container (SeccompSteps); everything else is the same.
     */
    static void identity(Spec spec, PlanRequest request, ExecRequest exec, HostFacts facts, List<Step> steps) {
        boolean forInit = exec == null;
        if (forInit && spec.hostname() != null) steps.add(new NativeStep.SetHostname(spec.hostname(), List.of("/hostname")));
        if (forInit && spec.domainname() != null) steps.add(new NativeStep.SetDomainname(spec.domainname(), List.of("/domainname")));
        Spec.Process p = spec.process();
        List<Spec.Rlimit> rlimits = p.rlimits() == null ? List.of() : p.rlimits();
        for (int i = 0; i < rlimits.size(); i++) {
            Spec.Rlimit r = rlimits.get(i);
            steps.add(new NativeStep.SetRlimit(r.type(), RlimitNames.number(r.type()).orElseThrow(), r.soft(), r.hard(),
                    List.of("/process/rlimits/" + i)));
        }
        // personality and I/O priority before the ids change: an RT I/O class needs CAP_SYS_ADMIN
        Spec.Personality persona = spec.linux() == null ? null : spec.linux().personality();
        if (forInit && persona != null && persona.domain() != null && !persona.domain().isEmpty()) {
            steps.add(new NativeStep.SetPersonality(KernelNames.PERSONALITY_DOMAINS.get(persona.domain()), persona.domain(),
                    List.of("/linux/personality/domain")));
        }
        Spec.IoPriority ioPriority = p.ioPriority();
        if (ioPriority != null && ioPriority.ioClass() != null && !ioPriority.ioClass().isEmpty()) {
            steps.add(new NativeStep.SetIoPriority(KernelNames.IOPRIO_CLASSES.get(ioPriority.ioClass()),
                    ioPriority.priority() == null ? 0 : ioPriority.priority(), ioPriority.ioClass(), List.of("/process/ioPriority")));
        }
        Spec.User user = p.user();
        boolean umaskGiven = user != null && user.umask() != null;
        steps.add(new NativeStep.Umask(umaskGiven ? user.umask() : DEFAULT_UMASK, umaskGiven ? List.of("/process/user/umask") : List.of()));

        // Without no_new_privs, loading a filter needs CAP_SYS_ADMIN: load it before anything drops it (as runc).
        if (!p.isNoNewPrivileges()) SeccompSteps.add(spec, request, exec, steps);
        Spec.Capabilities caps = p.capabilities();
        int lastCap = Math.min(facts.lastCap(), CapabilityNames.last());
        // The bounding set can only be dropped while we still hold CAP_SETPCAP, i.e. before setresuid.
        if (caps != null) {
            long bounding = CapabilityNames.mask(caps.bounding());
            steps.add(new NativeStep.KeepBounding(bounding, lastCap, "(" + CapabilityNames.names(bounding) + ")",
                    List.of("/process/capabilities/bounding")));
        }
        long uid = user == null || user.uid() == null ? 0 : user.uid();
        long gid = user == null || user.gid() == null ? 0 : user.gid();
        List<Long> groups = user == null || user.additionalGids() == null ? List.of() : user.additionalGids();
        long[] gids = new long[groups.size()];
        for (int i = 0; i < gids.length; i++) gids[i] = groups.get(i);
        steps.add(new NativeStep.SetGroups(gids,
                List.of(user != null && user.additionalGids() != null ? "/process/user/additionalGids" : "/process/user")));
        steps.add(new NativeStep.SetGid(gid, List.of("/process/user/gid")));
        steps.add(new NativeStep.SetUid(uid, List.of("/process/user/uid")));
        if (caps != null) {
            steps.add(new NativeStep.SetCapabilities(CapabilityNames.mask(caps.effective()), CapabilityNames.mask(caps.permitted()),
                    CapabilityNames.mask(caps.inheritable()),
                    List.of("/process/capabilities/effective", "/process/capabilities/permitted", "/process/capabilities/inheritable")));
            // The kernel raises an ambient capability only if it is permitted and inheritable; like runc, the others
            // are left out rather than failing the start (validate warns about them).
            long ambient = CapabilityNames.mask(caps.ambient()) & CapabilityNames.mask(caps.inheritable())
                    & CapabilityNames.mask(caps.permitted());
            steps.add(new NativeStep.SetAmbient(ambient, lastCap, List.of("/process/capabilities/ambient")));
        } else if (uid != 0) {
            // setresuid keeps capabilities (PR_SET_KEEPCAPS); a non-root user without a capabilities object gets none, as the kernel would give.
            steps.add(new NativeStep.SetCapabilities(0, 0, 0, List.of("/process/user/uid")));
        }
        if (p.isNoNewPrivileges()) steps.add(new NativeStep.NoNewPrivileges(List.of("/process/noNewPrivileges")));
    }

    static void handOver(Spec spec, PlanRequest request, List<Step> steps) { handOver(spec, request, null, steps); }

    /** {@code exec}: null for the container's first process; else its fds 3 .. 3+n-1 stay open into the program (--preserve-fds). */
    static void handOver(Spec spec, PlanRequest request, ExecRequest exec, List<Step> steps) {
        int preservedFds = exec == null ? 0 : exec.preservedFds();
        Spec.Process p = spec.process();
        String cwd = p.cwd() == null || p.cwd().isEmpty() ? "/" : p.cwd();
        steps.add(new NativeStep.Chdir(cwd, List.of(p.cwd() == null ? "/process" : "/process/cwd")));
        if (p.isTerminal()) {
            // no console socket (run): "" hands the master to the helper, which relays the caller's terminal, as runc run does
            Spec.ConsoleSize size = p.consoleSize();
            List<String> from = size == null ? List.of("/process/terminal") : List.of("/process/terminal", "/process/consoleSize");
            steps.add(new NativeStep.Console(request.consoleSocket() == null ? "" : request.consoleSocket(),
                    size == null ? 0 : size.height(), size == null ? 0 : size.width(), from));
        }
        // Nothing of the runtime (sockets, pipes, jars) may survive into the container: CVE-2024-21626.
        steps.add(new NativeStep.CloseFds(3 + preservedFds, List.of()));
        // With no_new_privs, as late as possible so the fewest runtime syscalls run under the filter (as runc).
        if (p.isNoNewPrivileges()) SeccompSteps.add(spec, request, exec, steps);
        if (request.execFifo() != null) steps.add(new NativeStep.AwaitStart(request.execFifo(), List.of()));
        List<String> env = p.env() == null ? List.of() : p.env();
        steps.add(new NativeStep.Exec(p.args(), env, candidates(p.args().get(0), env), List.of("/process/args", "/process/env")));
    }

    /** Like execvp: a name without '/' is looked up in the container's PATH, in order, at exec time. */
    static List<String> candidates(String arg0, List<String> env) {
        if (arg0.contains("/")) return List.of(arg0);
        String path = Linux.DEFAULT_PATH;
        for (String e : env) {
            if (e.startsWith("PATH=")) path = e.substring(5);
        }
        List<String> out = new ArrayList<>();
        for (String dir : path.split(":")) {
            if (dir.isEmpty()) continue;
            out.add(dir.endsWith("/") ? dir + arg0 : dir + "/" + arg0);
        }
        return out;
    }

}
