package io.minicontainer.seccomp;

import java.util.Optional;

/** The architectures a filter can cover on an x86-64 kernel, with their audit numbers (linux/audit.h). */
public enum Arch {
    X86_64("SCMP_ARCH_X86_64", "x86_64", 0xc000003e, true),
    X86("SCMP_ARCH_X86", "x86", 0x40000003, false),
    /** x32 shares x86-64's audit number; its syscall numbers carry {@link #X32_SYSCALL_BIT}. */
    X32("SCMP_ARCH_X32", "x32", 0xc000003e, true);

    public static final int X32_SYSCALL_BIT = 0x40000000;
    public static final Arch NATIVE = X86_64;

    public final String scmpName;
    public final String tableName;
    public final int auditArch;
    /** Arguments are 64 bits wide (compared as two 32-bit halves); false: only the low half exists. */
    public final boolean wideArgs;

    Arch(String scmpName, String tableName, int auditArch, boolean wideArgs) {
        this.scmpName = scmpName;
        this.tableName = tableName;
        this.auditArch = auditArch;
        this.wideArgs = wideArgs;
    }

    public static Optional<Arch> byScmpName(String name) {
        for (Arch a : values()) if (a.scmpName.equals(name)) return Optional.of(a);
        return Optional.empty();
    }
}
