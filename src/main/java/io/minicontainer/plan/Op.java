package io.minicontainer.plan;

/**
 * Opcodes of the helper protocol (docs/PROTOCOL.md) with their arity: how many 64-bit ints and how
 * many strings a step of that op carries ({@link #VARIABLE}: checked by the op itself). The numbers
 * are wire format: never renumber. {@code mc-helper.c} keeps the same table (enum op, ARITY[]);
 * {@code OpTableTest} fails the build when the two, or the PROTOCOL.md table, disagree.
 */
public enum Op {
    CGROUP_JOIN(1, 0, 1), MKFIFO(2, 1, 1), SETNS(3, 1, 1), CLONE(4, 2, 0), WRITE_FILE(5, 0, 2),
    MOUNT(6, 2, 5), SYMLINK(7, 0, 3), PIVOT_ROOT(8, 0, 1), MASK_PATH(9, 0, 1), SETHOSTNAME(10, 0, 1),
    SETDOMAINNAME(11, 0, 1), SETRLIMIT(12, 3, 0), SETGROUPS(13, Op.VARIABLE, 0), SETRESGID(14, 1, 0),
    SETRESUID(15, 1, 0), CAPBSET_KEEP(16, 2, 0), CAPSET(17, 3, 0), AMBIENT_SET(18, 2, 0),
    NO_NEW_PRIVS(19, 0, 0), UMASK(20, 1, 0), CHDIR(21, 0, 1), CLOSE_FDS(22, 1, 0), AWAIT_START(23, 0, 1),
    EXEC(24, 3, Op.VARIABLE), WRITE_CHILD_FILE(25, 0, 2), CONSOLE(26, 2, 1), SETSID(27, 0, 0),
    OPEN_FIFO(28, 0, 1), CONSOLE_CONNECT(29, 0, 1),
    SECCOMP(30, 1, 1), MKNOD(31, 5, 2), DEVICE_FILTER(32, Op.VARIABLE, 1), USERNS_ROOT(34, 0, 0),
    CHROOT(35, 0, 1), HOOK(36, 4, Op.VARIABLE),
    // 40-42: fail-closed work (process attributes the config asks for)
    PERSONALITY(40, 1, 0), IOPRIO_SET(41, 1, 0),
    // 43-47: engines work
    TMPCOPYUP(43, 1, 2),
    // 50-52: seccomp notify
    SECCOMP_NOTIFY(50, 2, Op.VARIABLE),
    // exec: the init is still the process the joins named
    PID_ALIVE(51, 2, 0);

    /** Arity of a list whose length the op checks itself (e.g. EXEC's argv, env and candidates). */
    public static final int VARIABLE = -1;

    public final int code;
    public final int ints;
    public final int strs;

    Op(int code, int ints, int strs) {
        this.code = code;
        this.ints = ints;
        this.strs = strs;
    }

    /** True if a step with these counts is well-formed for this op as far as the fixed arity goes. */
    public boolean accepts(int nints, int nstrs) {
        return (ints == VARIABLE || ints == nints) && (strs == VARIABLE || strs == nstrs);
    }
}
