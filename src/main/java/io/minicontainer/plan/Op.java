package io.minicontainer.plan;

/** Opcodes of the helper protocol (docs/PROTOCOL.md). The numbers are wire format: never renumber. */
public enum Op {
    CGROUP_JOIN(1), MKFIFO(2), SETNS(3), CLONE(4), WRITE_FILE(5), MOUNT(6), SYMLINK(7),
    PIVOT_ROOT(8), MASK_PATH(9), SETHOSTNAME(10), SETDOMAINNAME(11), SETRLIMIT(12),
    SETGROUPS(13), SETRESGID(14), SETRESUID(15), CAPBSET_KEEP(16), CAPSET(17), AMBIENT_SET(18),
    NO_NEW_PRIVS(19), UMASK(20), CHDIR(21), CLOSE_FDS(22), AWAIT_START(23), EXEC(24),
    WRITE_CHILD_FILE(25), CONSOLE(26), SETSID(27), OPEN_FIFO(28), CONSOLE_CONNECT(29),
    SECCOMP(30), MKNOD(31), DEVICE_FILTER(32), USERNS_ROOT(34), CHROOT(35), HOOK(36),
    // 40-42: fail-closed work (process attributes the config asks for)
    PERSONALITY(40), IOPRIO_SET(41);

    public final int code;

    Op(int code) { this.code = code; }
}
