package io.minicontainer.seccomp;

import java.util.List;
import java.util.Locale;

/** A filter's verdict: the SECCOMP_RET_* value the kernel acts on (linux/seccomp.h). */
public record Action(Kind kind, int data) {
    public enum Kind {
        KILL_PROCESS(0x80000000, "SCMP_ACT_KILL_PROCESS"),
        KILL_THREAD(0x00000000, "SCMP_ACT_KILL_THREAD"),
        TRAP(0x00030000, "SCMP_ACT_TRAP"),
        ERRNO(0x00050000, "SCMP_ACT_ERRNO"),
        NOTIFY(0x7fc00000, "SCMP_ACT_NOTIFY"),
        TRACE(0x7ff00000, "SCMP_ACT_TRACE"),
        LOG(0x7ffc0000, "SCMP_ACT_LOG"),
        ALLOW(0x7fff0000, "SCMP_ACT_ALLOW");

        public final int ret;
        public final String scmpName;

        Kind(int ret, String scmpName) {
            this.ret = ret;
            this.scmpName = scmpName;
        }
    }

    /** EPERM, what runc returns for ERRNO and TRACE without errnoRet. */
    public static final int DEFAULT_ERRNO = 1;
    /** The kernel keeps 16 bits of data; errno values above 4095 are not errors to libc. */
    public static final int MAX_ERRNO = 4095;
    public static final Action KILL_PROCESS = new Action(Kind.KILL_PROCESS, 0);
    public static final Action ALLOW = new Action(Kind.ALLOW, 0);

    /** Every action name the OCI profile may use; SCMP_ACT_KILL is libseccomp's old name of KILL_THREAD. */
    public static final List<String> NAMES = List.of("SCMP_ACT_KILL", "SCMP_ACT_KILL_PROCESS", "SCMP_ACT_KILL_THREAD",
            "SCMP_ACT_TRAP", "SCMP_ACT_ERRNO", "SCMP_ACT_TRACE", "SCMP_ACT_ALLOW", "SCMP_ACT_LOG", "SCMP_ACT_NOTIFY");

    /** @throws IllegalArgumentException for an unknown name or an errno out of range */
    public static Action parse(String name, Integer errnoRet) {
        Kind kind = switch (name == null ? "" : name) {
            case "SCMP_ACT_KILL", "SCMP_ACT_KILL_THREAD" -> Kind.KILL_THREAD;
            case "SCMP_ACT_KILL_PROCESS" -> Kind.KILL_PROCESS;
            case "SCMP_ACT_TRAP" -> Kind.TRAP;
            case "SCMP_ACT_ERRNO" -> Kind.ERRNO;
            case "SCMP_ACT_TRACE" -> Kind.TRACE;
            case "SCMP_ACT_ALLOW" -> Kind.ALLOW;
            case "SCMP_ACT_LOG" -> Kind.LOG;
            case "SCMP_ACT_NOTIFY" -> Kind.NOTIFY;
            default -> throw new IllegalArgumentException("unknown seccomp action \"" + name + "\"");
        };
        if (kind != Kind.ERRNO && kind != Kind.TRACE) return new Action(kind, 0);
        int errno = errnoRet == null ? DEFAULT_ERRNO : errnoRet;
        if (errno < 0 || errno > MAX_ERRNO) throw new IllegalArgumentException("errnoRet " + errno + " is outside 0.." + MAX_ERRNO);
        return new Action(kind, errno);
    }

    // Written out: a record's generated equals/hashCode bootstrap through invokedynamic, costly on a cold `run`.
    @Override public boolean equals(Object o) { return o instanceof Action a && a.kind == kind && a.data == data; }

    @Override public int hashCode() { return kind.hashCode() * 31 + data; }

    /** The 32-bit SECCOMP_RET_* value. */
    public int ret() { return kind.ret | (data & 0xffff); }

    @Override public String toString() {
        String k = kind.name();
        return kind == Kind.ERRNO || kind == Kind.TRACE ? k + "(" + data + ")" : k;
    }

    public String lower() { return toString().toLowerCase(Locale.ROOT); }
}
