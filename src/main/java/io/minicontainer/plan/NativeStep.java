package io.minicontainer.plan;

import io.minicontainer.spec.NamespaceKind;
import java.util.ArrayList;
import java.util.List;

/**
 * Steps the native helper executes: HELPER ones in the helper process itself, CONTAINER ones in
 * the cloned child before execve. Each knows its wire encoding (op, ints, strs); see docs/PROTOCOL.md.
 */
public sealed interface NativeStep extends Step {
    Op op();

    default long[] ints() { return new long[0]; }

    default List<String> strs() { return List.of(); }

    /** The strings as sent on the wire: UTF-8, except for steps that carry raw bytes. */
    default List<byte[]> strBytes() {
        List<byte[]> out = new ArrayList<>();
        for (String s : strs()) out.add((s == null ? "" : s).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return out;
    }

    @Override default String kind() { return op().name().toLowerCase().replace('_', '-'); }

    // ---- helper process, before or around clone ----

    /** Helper writes its own pid into cgroup.procs, so the child is born inside the cgroup (or leaves it after clone). */
    record CgroupJoin(String procsFile, boolean leave, List<String> sources) implements NativeStep {
        public Where where() { return Where.HELPER; }
        public Op op() { return Op.CGROUP_JOIN; }
        public List<String> strs() { return List.of(procsFile); }
        public String describe() { return (leave ? "helper leaves container cgroup, back to " : "helper joins ") + procsFile; }
    }

    record MakeFifo(String path, int mode, List<String> sources) implements NativeStep {
        public Where where() { return Where.HELPER; }
        public Op op() { return Op.MKFIFO; }
        public long[] ints() { return new long[] {mode}; }
        public List<String> strs() { return List.of(path); }
        public String describe() { return "mkfifo " + path + " (exec fifo, released by start)"; }
    }

    record JoinNamespace(String type, int nsFlag, String path, List<String> sources) implements NativeStep {
        public Where where() { return Where.HELPER; }
        public Op op() { return Op.SETNS; }
        public long[] ints() { return new long[] {nsFlag}; }
        public List<String> strs() { return List.of(path); }
        public String describe() { return "setns " + type + " namespace " + path; }
    }

    /**
     * exec, after the joins by /proc/PID path, before clone: PID is still the process started at {@code startTime}
     * (/proc/PID/stat field 22), else ESRCH and nothing is started. A pid cannot come back, so the joins all named
     * the container's init, never a process that reused its pid after the init exited. The helper keeps the pidfd it
     * opened before looking: the child's mount join, after clone, goes through it ({@link JoinMountNamespace} "").
     */
    record PidAlive(int pid, long startTime, List<String> sources) implements NativeStep {
        public Where where() { return Where.HELPER; }
        public Op op() { return Op.PID_ALIVE; }
        public long[] ints() { return new long[] {pid, startTime}; }
        public String describe() { return "check that pid " + pid + " is still the container's init (start time " + startTime + ")"; }
    }

    record Clone(long flags, String flagNames, int setTid, List<String> sources) implements NativeStep {
        public Where where() { return Where.HELPER; }
        public Op op() { return Op.CLONE; }
        public long[] ints() { return new long[] {flags, setTid}; }
        public String describe() {
            return "clone3 " + (flagNames.isEmpty() ? "(no new namespaces)" : flagNames)
                    + (setTid > 0 ? " set_tid=" + setTid : "");
        }
    }

    /** Parent writes /proc/&lt;child&gt;/name (uid_map, gid_map, setgroups) before releasing the child. */
    record WriteChildFile(String name, String content, List<String> sources) implements NativeStep {
        public Where where() { return Where.HELPER; }
        public Op op() { return Op.WRITE_CHILD_FILE; }
        public List<String> strs() { return List.of(name, content); }
        public String describe() { return "write /proc/<child>/" + name + " = " + content.replace("\n", "; ").trim(); }
    }

    /**
     * cgroup v2: load the device rules as a BPF_PROG_TYPE_CGROUP_DEVICE program and attach it to the
     * container's cgroup directory (BPF_F_ALLOW_MULTI), before the helper joins it.
     */
    record DeviceFilter(String cgroupDir, long[] program, List<io.minicontainer.cgroup.DeviceRules.Rule> rules,
                        List<String> sources) implements NativeStep {
        public Where where() { return Where.HELPER; }
        public Op op() { return Op.DEVICE_FILTER; }
        public long[] ints() { return program.clone(); }
        public List<String> strs() { return List.of(cgroupDir); }
        public String describe() {
            List<String> shown = new ArrayList<>();
            for (var r : rules) shown.add(r.describe() + (r.sources().isEmpty() ? "" : " [" + r.sources().get(0) + "]"));
            return "attach BPF device filter (" + program.length + " insns) to " + cgroupDir + ": " + String.join("; ", shown);
        }
        @Override public boolean equals(Object o) {
            return o instanceof DeviceFilter d && cgroupDir.equals(d.cgroupDir) && java.util.Arrays.equals(program, d.program)
                    && rules.equals(d.rules) && sources.equals(d.sources);
        }
        @Override public int hashCode() { return java.util.Arrays.hashCode(program) * 31 + cgroupDir.hashCode(); }
    }

    // ---- container process, between clone and execve ----

    record WriteFile(String path, String content, List<String> sources) implements NativeStep {
        public Where where() { return Where.CONTAINER; }
        public Op op() { return Op.WRITE_FILE; }
        public List<String> strs() { return List.of(path, content); }
        public String describe() { return "write " + content + " to " + path; }
    }

    /**
     * mount(2). When {@code root} is set the target is resolved inside it without following
     * symlinks out of it (openat2 RESOLVE_IN_ROOT).
     */
    record Mount(String source, String target, String fstype, long flags, String data, String root,
                 int opts, String flagNames, List<String> sources) implements NativeStep {
        public static final int TARGET_IN_ROOT = 1, MKDIR = 2, MKFILE = 4, LIKE_SOURCE = 8, IGNORE_MISSING = 16;

        public Where where() { return Where.CONTAINER; }
        public Op op() { return Op.MOUNT; }
        public long[] ints() { return new long[] {flags, opts}; }
        public List<String> strs() {
            return List.of(nz(source), target, nz(fstype), nz(data), nz(root));
        }
        public String describe() {
            StringBuilder b = new StringBuilder("mount ");
            if (fstype != null && !fstype.isEmpty()) b.append(fstype).append(' ');
            if (source != null && !source.isEmpty()) b.append(source).append(' ');
            b.append("on ").append(root != null && !root.isEmpty() ? root + target : target);
            List<String> bits = new ArrayList<>();
            if (!flagNames.isEmpty()) bits.add(flagNames);
            if (data != null && !data.isEmpty()) bits.add(data);
            if (!bits.isEmpty()) b.append(" (").append(String.join(",", bits)).append(')');
            if ((opts & IGNORE_MISSING) != 0) b.append(" [if present]");
            return b.toString();
        }
    }

    record Symlink(String target, String linkPath, String root, List<String> sources) implements NativeStep {
        public Where where() { return Where.CONTAINER; }
        public Op op() { return Op.SYMLINK; }
        public List<String> strs() { return List.of(target, linkPath, root); }
        public String describe() { return "symlink " + root + linkPath + " -> " + target; }
    }

    /**
     * A fresh device node (mknod) at {@code path} resolved under {@code root} (RESOLVE_IN_ROOT; missing
     * parents are created as directories), then chown and chmod to exactly {@code fileMode} (no umask).
     * An existing node of the same type and numbers is accepted and re-owned; anything else there is EEXIST.
     */
    record Mknod(String path, char type, long major, long minor, int fileMode, long uid, long gid, String root,
                 List<String> sources) implements NativeStep {
        static final int S_IFIFO = 0010000, S_IFCHR = 0020000, S_IFBLK = 0060000;

        public Where where() { return Where.CONTAINER; }
        public Op op() { return Op.MKNOD; }
        public long[] ints() { return new long[] {typeBits() | (fileMode & 07777), major, minor, uid, gid}; }
        public List<String> strs() { return List.of(path, root); }
        public String describe() {
            String numbers = type == 'p' ? "" : " " + major + ":" + minor;
            return String.format("mknod %s%s %c%s mode %04o owner %d:%d", root, path, type, numbers, fileMode, uid, gid);
        }
        private int typeBits() {
            return switch (type) {
                case 'b' -> S_IFBLK;
                case 'p' -> S_IFIFO;
                default -> S_IFCHR;   // 'c' and 'u' (unbuffered) are both character devices
            };
        }
    }

    /**
     * The "tmpcopyup" mount option (crun's semantics): phase HOLD, before the tmpfs is mounted, opens the
     * directory it will cover (in root, RESOLVE_IN_ROOT); phase COPY, after it, copies that tree into the
     * new tmpfs (names opened with O_NOFOLLOW, symlinks copied as links; owner and mode kept).
     */
    record TmpCopyUp(boolean copy, String target, String root, List<String> sources) implements NativeStep {
        public Where where() { return Where.CONTAINER; }
        public Op op() { return Op.TMPCOPYUP; }
        public long[] ints() { return new long[] {copy ? 1 : 0}; }
        public List<String> strs() { return List.of(target, nz(root)); }
        public String describe() {
            return copy ? "copy the held directory's contents into the tmpfs on " + nz(root) + target
                    : "hold " + nz(root) + target + " open for tmpcopyup [if present]";
        }
    }

    record PivotRoot(String newRoot, List<String> sources) implements NativeStep {
        public Where where() { return Where.CONTAINER; }
        public Op op() { return Op.PIVOT_ROOT; }
        public List<String> strs() { return List.of(newRoot); }
        public String describe() { return "pivot_root " + newRoot + ", detach old root"; }
    }

    record MaskPath(String path, List<String> sources) implements NativeStep {
        public Where where() { return Where.CONTAINER; }
        public Op op() { return Op.MASK_PATH; }
        public List<String> strs() { return List.of(path); }
        public String describe() { return "mask " + path + " [if present]"; }
    }

    record SetHostname(String name, List<String> sources) implements NativeStep {
        public Where where() { return Where.CONTAINER; }
        public Op op() { return Op.SETHOSTNAME; }
        public List<String> strs() { return List.of(name); }
        public String describe() { return "sethostname " + name; }
    }

    record SetDomainname(String name, List<String> sources) implements NativeStep {
        public Where where() { return Where.CONTAINER; }
        public Op op() { return Op.SETDOMAINNAME; }
        public List<String> strs() { return List.of(name); }
        public String describe() { return "setdomainname " + name; }
    }

    record SetRlimit(String name, int resource, long soft, long hard, List<String> sources) implements NativeStep {
        public Where where() { return Where.CONTAINER; }
        public Op op() { return Op.SETRLIMIT; }
        public long[] ints() { return new long[] {resource, soft, hard}; }
        public String describe() { return "setrlimit " + name + " soft=" + show(soft) + " hard=" + show(hard); }
        private static String show(long v) { return v == -1 ? "unlimited" : Long.toUnsignedString(v); }
    }

    record SetGroups(long[] gids, List<String> sources) implements NativeStep {
        public Where where() { return Where.CONTAINER; }
        public Op op() { return Op.SETGROUPS; }
        public long[] ints() { return gids.clone(); }
        public String describe() { return "setgroups " + java.util.Arrays.toString(gids); }
        @Override public boolean equals(Object o) {
            return o instanceof SetGroups s && java.util.Arrays.equals(gids, s.gids) && sources.equals(s.sources);
        }
        @Override public int hashCode() { return java.util.Arrays.hashCode(gids) * 31 + sources.hashCode(); }
    }

    record SetGid(long gid, List<String> sources) implements NativeStep {
        public Where where() { return Where.CONTAINER; }
        public Op op() { return Op.SETRESGID; }
        public long[] ints() { return new long[] {gid}; }
        public String describe() { return "setresgid " + gid; }
    }

    record SetUid(long uid, List<String> sources) implements NativeStep {
        public Where where() { return Where.CONTAINER; }
        public Op op() { return Op.SETRESUID; }
        public long[] ints() { return new long[] {uid}; }
        public String describe() { return "setresuid " + uid + " (keeping capabilities)"; }
    }

    record KeepBounding(long keep, int lastCap, String names, List<String> sources) implements NativeStep {
        public Where where() { return Where.CONTAINER; }
        public Op op() { return Op.CAPBSET_KEEP; }
        public long[] ints() { return new long[] {keep, lastCap}; }
        public String describe() { return String.format("bounding set = 0x%016x %s", keep, names); }
    }

    record SetCapabilities(long effective, long permitted, long inheritable, List<String> sources) implements NativeStep {
        public Where where() { return Where.CONTAINER; }
        public Op op() { return Op.CAPSET; }
        public long[] ints() { return new long[] {effective, permitted, inheritable}; }
        public String describe() {
            return String.format("capset effective=0x%016x permitted=0x%016x inheritable=0x%016x",
                    effective, permitted, inheritable);
        }
    }

    record SetAmbient(long mask, int lastCap, List<String> sources) implements NativeStep {
        public Where where() { return Where.CONTAINER; }
        public Op op() { return Op.AMBIENT_SET; }
        public long[] ints() { return new long[] {mask, lastCap}; }
        public String describe() { return String.format("ambient = 0x%016x", mask); }
    }

    /**
     * Joined in the child (not the helper), so the helper keeps the host's view of /proc and /sys/fs/cgroup.
     * {@code path} "": the mount namespace of the process a {@link PidAlive} checked, through the pidfd it kept.
     */
    record JoinMountNamespace(String path, List<String> sources) implements NativeStep {
        public Where where() { return Where.CONTAINER; }
        public Op op() { return Op.SETNS; }
        public long[] ints() { return new long[] {NamespaceKind.MOUNT.cloneFlag()}; }
        public List<String> strs() { return List.of(path); }
        public String describe() {
            return "setns mount namespace " + (path.isEmpty() ? "of the checked init (its pidfd)" : path);
        }
    }

    /** setresgid 0, setgroups [], setresuid 0 inside the user namespace, before any mount. */
    record BecomeNamespaceRoot(List<String> sources) implements NativeStep {
        public Where where() { return Where.CONTAINER; }
        public Op op() { return Op.USERNS_ROOT; }
        public String describe() { return "become uid 0, gid 0 inside the user namespace (before any mount)"; }
    }

    /** No mount namespace of its own: chroot into the rootfs instead of pivot_root, mounts untouched. */
    record Chroot(String newRoot, List<String> sources) implements NativeStep {
        public Where where() { return Where.CONTAINER; }
        public Op op() { return Op.CHROOT; }
        public List<String> strs() { return List.of(newRoot); }
        public String describe() { return "chroot " + newRoot + " (shares the runtime's mount namespace)"; }
    }

    /** personality(2) with the execution domain (PER_LINUX 0x0000, PER_LINUX32 0x0008). */
    record SetPersonality(long persona, String domain, List<String> sources) implements NativeStep {
        public Where where() { return Where.CONTAINER; }
        public Op op() { return Op.PERSONALITY; }
        public long[] ints() { return new long[] {persona}; }
        public String describe() { return "personality " + domain + " (0x" + Long.toHexString(persona) + ")"; }
    }

    /** ioprio_set(IOPRIO_WHO_PROCESS, 0, class << 13 | priority). */
    record SetIoPriority(int ioClass, int priority, String className, List<String> sources) implements NativeStep {
        public Where where() { return Where.CONTAINER; }
        public Op op() { return Op.IOPRIO_SET; }
        public long[] ints() { return new long[] {((long) ioClass << 13) | priority}; }
        public String describe() { return "ioprio_set " + className + " priority " + priority; }
    }

    record NoNewPrivileges(List<String> sources) implements NativeStep {
        public Where where() { return Where.CONTAINER; }
        public Op op() { return Op.NO_NEW_PRIVS; }
        public String describe() { return "prctl PR_SET_NO_NEW_PRIVS 1"; }
    }

    record Umask(int mode, List<String> sources) implements NativeStep {
        public Where where() { return Where.CONTAINER; }
        public Op op() { return Op.UMASK; }
        public long[] ints() { return new long[] {mode}; }
        public String describe() { return String.format("umask %04o", mode); }
    }

    record Chdir(String path, List<String> sources) implements NativeStep {
        public Where where() { return Where.CONTAINER; }
        public Op op() { return Op.CHDIR; }
        public List<String> strs() { return List.of(path); }
        public String describe() { return "chdir " + path; }
    }

    record CloseFds(int from, List<String> sources) implements NativeStep {
        public Where where() { return Where.CONTAINER; }
        public Op op() { return Op.CLOSE_FDS; }
        public long[] ints() { return new long[] {from}; }
        public String describe() { return "mark fds >= " + from + " close-on-exec"; }
    }

    record SetSid(List<String> sources) implements NativeStep {
        public Where where() { return Where.CONTAINER; }
        public Op op() { return Op.SETSID; }
        public String describe() { return "setsid"; }
    }

    /** rows/cols: process.consoleSize set on the new pty (0 = leave the kernel's default). */
    record Console(String socketPath, int rows, int cols, List<String> sources) implements NativeStep {
        public Where where() { return Where.CONTAINER; }
        public Op op() { return Op.CONSOLE; }
        public long[] ints() { return new long[] {rows, cols}; }
        public List<String> strs() { return List.of(socketPath); }
        public String describe() {
            String size = rows > 0 || cols > 0 ? ", size " + rows + "x" + cols : "";
            return socketPath.isEmpty() ? "open pty" + size + ", make it the controlling terminal; the helper relays it to the caller's terminal"
                    + " (raw mode, the caller's window size)"
                    : "open pty" + size + ", send master to " + socketPath + ", make it the controlling terminal";
        }
    }

    /** Connected before pivot_root, while the socket's host path is still visible; CONSOLE then sends the pty over it. */
    record ConsoleConnect(String socketPath, List<String> sources) implements NativeStep {
        public Where where() { return Where.CONTAINER; }
        public Op op() { return Op.CONSOLE_CONNECT; }
        public List<String> strs() { return List.of(socketPath); }
        public String describe() { return "connect to console socket " + socketPath; }
    }

    /** Opened before pivot_root, while the fifo's host path is still visible; AWAIT_START then blocks on it. */
    record OpenFifo(String fifoPath, List<String> sources) implements NativeStep {
        public Where where() { return Where.CONTAINER; }
        public Op op() { return Op.OPEN_FIFO; }
        public List<String> strs() { return List.of(fifoPath); }
        public String describe() { return "open exec fifo " + fifoPath + " (read-write, does not block)"; }
    }

    record AwaitStart(String fifoPath, List<String> sources) implements NativeStep {
        public Where where() { return Where.CONTAINER; }
        public Op op() { return Op.AWAIT_START; }
        public List<String> strs() { return List.of(fifoPath); }
        public String describe() { return "report ready, wait for start (one byte on the exec fifo)"; }
    }

    record Exec(List<String> argv, List<String> env, List<String> candidates, List<String> sources) implements NativeStep {
        public Where where() { return Where.CONTAINER; }
        public Op op() { return Op.EXEC; }
        public long[] ints() { return new long[] {argv.size(), env.size(), candidates.size()}; }
        public List<String> strs() {
            List<String> all = new ArrayList<>(argv);
            all.addAll(env);
            all.addAll(candidates);
            return all;
        }
        public String describe() {
            return "execve " + String.join(" ", argv)
                    + (candidates.size() == 1 ? "" : " (first of " + String.join(", ", candidates) + ")");
        }
    }

    // ---- hooks (op HOOK) ----

    /** The child reports PAUSED and waits: the JVM runs the host-side hooks that follow this step, then resumes it. */
    record HookPause(List<String> sources) implements NativeStep {
        public Where where() { return Where.CONTAINER; }
        public Op op() { return Op.HOOK; }
        public long[] ints() { return new long[] {0, 0, 0, 0}; }
        @Override public String kind() { return "hook-pause"; }
        public String describe() { return "pause before pivot_root: the runtime runs the hooks below, then resumes"; }
    }

    /**
     * One hook run from inside the container process (fork + execve, the helper waits up to
     * {@code timeout} s): createContainer before pivot_root, startContainer just before exec. Its stdin
     * is {@code statePrefix}, the pid as the container sees it, {@code stateSuffix}.
     */
    record ContainerHook(String stage, int index, String path, List<String> args, List<String> env, int timeout,
                         String status, String statePrefix, String stateSuffix, List<String> sources) implements NativeStep {
        public Where where() { return Where.CONTAINER; }
        public Op op() { return Op.HOOK; }
        public long[] ints() { return new long[] {1, timeout, args.size(), env.size()}; }
        public List<String> strs() {
            List<String> all = new ArrayList<>();
            all.add(path);
            all.addAll(args);
            all.addAll(env);
            all.add(statePrefix);
            all.add(stateSuffix);
            return all;
        }
        @Override public String kind() { return "hook"; }
        public String describe() {
            return HookSteps.describe(stage, index, path, args, timeout == 0 ? null : timeout, status, "in the container's namespaces");
        }
    }

    /**
     * seccomp(SECCOMP_SET_MODE_FILTER, flags, program): the filter compiled by
     * {@link io.minicontainer.seccomp.SeccompCompiler}; the helper loads the bytes as they are. With a
     * {@code listener} (SCMP_ACT_NOTIFY), op SECCOMP_NOTIFY: the flags include NEW_LISTENER, the child hands the
     * listener fd to the helper, which sends it with the container process state to the listener's socket.
     */
    record Seccomp(io.minicontainer.seccomp.Filter filter, Listener listener, List<String> sources) implements NativeStep {
        public Seccomp(io.minicontainer.seccomp.Filter filter, List<String> sources) { this(filter, null, sources); }

        public Where where() { return Where.CONTAINER; }
        public Op op() { return listener == null ? Op.SECCOMP : Op.SECCOMP_NOTIFY; }
        public long[] ints() {
            return listener == null ? new long[] {filter.flags()} : new long[] {filter.flags(), listener.timeoutSeconds()};
        }
        /** For display only (plan --format json): the program in base64. */
        public List<String> strs() {
            String program = java.util.Base64.getEncoder().encodeToString(filter.program());
            if (listener == null) return List.of(program);
            List<String> out = new ArrayList<>(List.of(program, listener.path()));
            out.addAll(listener.text());
            return out;
        }
        public List<byte[]> strBytes() {
            if (listener == null) return List.of(filter.program());
            List<byte[]> out = new ArrayList<>();
            out.add(filter.program());
            out.add(listener.path().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            for (String s : listener.text()) out.add(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return out;
        }
        @Override public String kind() { return "seccomp"; }
        public String describe() {
            return listener == null ? filter.summary()
                    : filter.summary() + "; listener fd → helper → " + listener.path() + " (with the container process state)";
        }
    }

    /**
     * Where a notify filter's listener fd goes: the unix socket {@code path}, connected by the helper on the host
     * (bounded by {@code timeoutSeconds}), and the container process state sent with it: the pieces of {@code text}
     * with the host pid of the process that loaded the filter between each two. That pid is the top-level "pid";
     * for a container's first process it is the state's "pid" too (three pieces), while exec's state names the
     * running container's init, which the planner writes into the text (two pieces).
     */
    record Listener(String path, int timeoutSeconds, List<String> text) {
        public Listener {
            text = List.copyOf(text);
            if (text.size() < 2) throw new IllegalArgumentException("the listener's text needs the top-level pid: " + text.size() + " piece(s)");
        }

        /** The message the helper builds for a given host pid of the filter's process (mc-helper.c listener_message); tests compare it. */
        public String message(int pid) { return String.join(Integer.toString(pid), text); }
    }

    private static String nz(String s) { return s == null ? "" : s; }
}
