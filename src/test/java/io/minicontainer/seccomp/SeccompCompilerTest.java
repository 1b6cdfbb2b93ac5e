package io.minicontainer.seccomp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minicontainer.bench.ContainersSeccompProfile;
import io.minicontainer.spec.Spec;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SeccompCompilerTest {
    static final int AUDIT_X86_64 = 0xc000003e, AUDIT_I386 = 0x40000003, AUDIT_AARCH64 = 0xc00000b7;
    static final int RET_ALLOW = 0x7fff0000, RET_KILL_PROCESS = 0x80000000, RET_KILL_THREAD = 0, RET_TRAP = 0x00030000,
            RET_ERRNO = 0x00050000, RET_TRACE = 0x7ff00000, RET_LOG = 0x7ffc0000;
    static final int MKDIR = nr(Arch.X86_64, "mkdir"), GETPID = nr(Arch.X86_64, "getpid");

    static int nr(Arch a, String name) { return SyscallTable.number(a, name).orElseThrow(); }

    static Spec.Seccomp profile(String defaultAction, Integer defaultErrno, List<String> arches, Spec.SyscallRule... rules) {
        return new Spec.Seccomp(defaultAction, defaultErrno, arches, null, List.of(rules));
    }

    static Spec.SyscallRule rule(String action, Integer errno, List<Spec.SyscallArg> args, String... names) {
        return new Spec.SyscallRule(List.of(names), action, errno, args);
    }

    static Spec.SyscallArg arg(int index, String op, long value, long valueTwo) {
        return new Spec.SyscallArg(index, value, valueTwo, "SCMP_CMP_" + op);
    }

    static int run(Filter f, int nr, long... args) { return BpfInterpreter.run(f.program(), nr, AUDIT_X86_64, args); }

    @Test
    void generatedTablesMatchTheKernelAbi() {
        assertEquals(0, nr(Arch.X86_64, "read"));
        assertEquals(83, nr(Arch.X86_64, "mkdir"));
        assertEquals(39, nr(Arch.X86, "mkdir"));
        assertEquals(Arch.X32_SYSCALL_BIT + 83, nr(Arch.X32, "mkdir"));
        assertTrue(SyscallTable.number(Arch.X86_64, "socketcall").isEmpty(), "socketcall is i386-only");
        assertTrue(SyscallTable.size(Arch.X86_64) > 300);
    }

    @Test
    void eachActionReturnsItsKernelValue() {
        String[][] cases = {{"SCMP_ACT_KILL", "0"}, {"SCMP_ACT_KILL_THREAD", "0"}, {"SCMP_ACT_KILL_PROCESS", "-2147483648"},
                {"SCMP_ACT_TRAP", "" + RET_TRAP}, {"SCMP_ACT_ERRNO", "" + (RET_ERRNO | 1)}, {"SCMP_ACT_TRACE", "" + (RET_TRACE | 1)},
                {"SCMP_ACT_LOG", "" + RET_LOG}};
        for (String[] c : cases) {
            Filter f = SeccompCompiler.compile(profile("SCMP_ACT_ALLOW", null, null, rule(c[0], null, null, "mkdir")));
            assertEquals(Integer.parseInt(c[1]), run(f, MKDIR), c[0]);
            assertEquals(RET_ALLOW, run(f, GETPID), c[0] + ": other syscalls get the default");
        }
        Filter allow = SeccompCompiler.compile(profile("SCMP_ACT_ERRNO", null, null, rule("SCMP_ACT_ALLOW", null, null, "getpid")));
        assertEquals(RET_ALLOW, run(allow, GETPID));
        assertEquals(RET_ERRNO | 1, run(allow, MKDIR), "ERRNO without defaultErrnoRet is EPERM, as runc");
    }

    @Test
    void errnoRetAndDefaultErrnoRet() {
        Filter f = SeccompCompiler.compile(profile("SCMP_ACT_ERRNO", 38, null,
                rule("SCMP_ACT_ERRNO", 13, null, "mkdir"), rule("SCMP_ACT_TRACE", 7, null, "rmdir"), rule("SCMP_ACT_ALLOW", null, null, "getpid")));
        assertEquals(RET_ERRNO | 13, run(f, MKDIR));
        assertEquals(RET_TRACE | 7, run(f, nr(Arch.X86_64, "rmdir")));
        assertEquals(RET_ERRNO | 38, run(f, nr(Arch.X86_64, "add_key")));
        assertEquals(RET_ALLOW, run(f, GETPID));
    }

    static Spec.Seccomp withListener(Spec.Seccomp p, String path, String metadata, List<String> flags) {
        return new Spec.Seccomp(p.defaultAction(), p.defaultErrnoRet(), p.architectures(), flags, p.syscalls(), path, metadata);
    }

    @Test
    void notifyReturnsUserNotifAndLoadsWithANewListener() {
        Filter f = SeccompCompiler.compile(withListener(profile("SCMP_ACT_ALLOW", null, null,
                rule("SCMP_ACT_NOTIFY", null, null, "mkdir"), rule("SCMP_ACT_ERRNO", 5, null, "rmdir")), "/run/agent.sock", null, null));
        assertEquals(0x7fc00000, run(f, MKDIR), "SECCOMP_RET_USER_NOTIF");
        assertEquals(RET_ERRNO | 5, run(f, nr(Arch.X86_64, "rmdir")));
        assertEquals(RET_ALLOW, run(f, GETPID));
        assertEquals(NotifyRules.NEW_LISTENER, f.flags());
        assertTrue(f.hasListener());
        assertTrue(f.summary().contains("1 notify") && f.summary().contains("flags new_listener"), f.summary());
    }

    @Test
    void notifyPassesWaitKillableRecvAndPairsTsyncWithTsyncEsrch() {
        Filter f = SeccompCompiler.compile(withListener(profile("SCMP_ACT_ALLOW", null, null, rule("SCMP_ACT_NOTIFY", null, null, "mkdir")),
                "/run/agent.sock", "meta", List.of("SECCOMP_FILTER_FLAG_TSYNC", "SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV")));
        assertEquals(1 | 32 | NotifyRules.NEW_LISTENER | NotifyRules.TSYNC_ESRCH, f.flags(),
                "the kernel refuses TSYNC with NEW_LISTENER unless TSYNC_ESRCH is set too");
    }

    @Test
    void notifyIsRefusedWhereItCannotWork() {
        Spec.SyscallRule notifyMkdir = rule("SCMP_ACT_NOTIFY", null, null, "mkdir");
        assertEquals("/linux/seccomp/syscalls/0/action", refused(withListener(profile("SCMP_ACT_ALLOW", null, null, notifyMkdir),
                null, null, null)), "no listenerPath: runc refuses it too");
        assertEquals("/linux/seccomp/listenerPath", refused(withListener(profile("SCMP_ACT_ALLOW", null, null, notifyMkdir),
                "run/agent.sock", null, null)), "relative");
        assertEquals("/linux/seccomp/listenerPath", refused(withListener(profile("SCMP_ACT_ALLOW", null, null, notifyMkdir),
                "/" + "x".repeat(107), null, null)), "longer than sun_path");
        assertEquals("/linux/seccomp/defaultAction", refused(withListener(profile("SCMP_ACT_NOTIFY", null, null),
                "/run/agent.sock", null, null)));
        assertEquals("/linux/seccomp/syscalls/0/names/1", refused(withListener(profile("SCMP_ACT_ALLOW", null, null,
                rule("SCMP_ACT_NOTIFY", null, null, "mkdir", "sendmsg")), "/run/agent.sock", null, null)), "the helper's own hand-over");
        assertEquals("/linux/seccomp/syscalls/0/names/0", refused(withListener(profile("SCMP_ACT_ALLOW", null, null,
                rule("SCMP_ACT_NOTIFY", null, null, "write")), "/run/agent.sock", null, null)), "as runc");
        assertEquals("/linux/seccomp/listenerMetadata", refused(withListener(profile("SCMP_ACT_ALLOW", null, null,
                rule("SCMP_ACT_ERRNO", null, null, "mkdir")), null, "meta", null)), "metadata without a listener");
    }

    private static String refused(Spec.Seccomp p) {
        return assertThrows(SeccompException.class, () -> SeccompCompiler.compile(p)).pointer();
    }

    /** Every operator against Java's unsigned 64-bit comparison, on values whose halves differ either way. */
    @Test
    void everyOperatorOnBothHalves() {
        long[] values = {0, 1, 2, 0xffffffffL, 0x100000000L, 0x100000001L, 0x1ffffffffL, 0x7fffffffffffffffL,
                0x8000000000000000L, -1L, -2L, 0x00000001_00000000L, 0x00000002_00000001L, 0xffffffff_00000000L};
        for (Operator op : Operator.values()) {
            for (long v : values) {
                long mask = 0xffff0000_0000ffffL;
                Spec.SyscallArg a = op == Operator.MASKED_EQ ? arg(1, op.name(), mask, v & mask) : arg(1, op.name(), v, 0);
                Filter f = SeccompCompiler.compile(profile("SCMP_ACT_ALLOW", null, null, rule("SCMP_ACT_ERRNO", 5, List.of(a), "mkdir")));
                for (long x : values) {
                    boolean expected = switch (op) {
                        case EQ -> x == v; case NE -> x != v;
                        case LT -> Long.compareUnsigned(x, v) < 0; case LE -> Long.compareUnsigned(x, v) <= 0;
                        case GT -> Long.compareUnsigned(x, v) > 0; case GE -> Long.compareUnsigned(x, v) >= 0;
                        case MASKED_EQ -> (x & mask) == (v & mask);
                    };
                    assertEquals(expected ? RET_ERRNO | 5 : RET_ALLOW, run(f, MKDIR, 0, x),
                            op + " " + Long.toHexString(x) + " vs " + Long.toHexString(v));
                }
            }
        }
    }

    @Test
    void conditionsAndWithinARuleOrAcrossRules() {
        Filter f = SeccompCompiler.compile(profile("SCMP_ACT_ALLOW", null, null,
                rule("SCMP_ACT_ERRNO", 1, List.of(arg(0, "EQ", 16, 0), arg(2, "EQ", 9, 0)), "socket"),
                rule("SCMP_ACT_ERRNO", 2, List.of(arg(0, "EQ", 17, 0)), "socket"),
                rule("SCMP_ACT_ERRNO", 3, List.of(arg(0, "EQ", 18, 0)), "socket")));
        int socket = nr(Arch.X86_64, "socket");
        assertEquals(RET_ERRNO | 1, run(f, socket, 16, 0, 9));
        assertEquals(RET_ALLOW, run(f, socket, 16, 0, 8), "AND: one condition is not enough");
        assertEquals(RET_ERRNO | 2, run(f, socket, 17));
        assertEquals(RET_ERRNO | 3, run(f, socket, 18));
        assertEquals(RET_ALLOW, run(f, socket, 19));
    }

    @Test
    void theSameArgumentTwiceInOneRuleIsAnOrAsInRunc() {
        Filter f = SeccompCompiler.compile(profile("SCMP_ACT_ALLOW", null, null,
                rule("SCMP_ACT_ERRNO", 1, List.of(arg(0, "EQ", 1, 0), arg(0, "EQ", 2, 0)), "mkdir")));
        assertEquals(RET_ERRNO | 1, run(f, MKDIR, 1));
        assertEquals(RET_ERRNO | 1, run(f, MKDIR, 2));
        assertEquals(RET_ALLOW, run(f, MKDIR, 3));
    }

    @Test
    void conditionalRulesComeBeforeTheUnconditionalOne() {
        Filter f = SeccompCompiler.compile(profile("SCMP_ACT_ERRNO", 38, null,
                rule("SCMP_ACT_ALLOW", null, null, "mkdir"), rule("SCMP_ACT_ERRNO", 9, List.of(arg(1, "EQ", 0700, 0)), "mkdir")));
        assertEquals(RET_ERRNO | 9, run(f, MKDIR, 0, 0700));
        assertEquals(RET_ALLOW, run(f, MKDIR, 0, 0755));
    }

    @Test
    void architectures() {
        Filter nativeOnly = SeccompCompiler.compile(profile("SCMP_ACT_ALLOW", null, null, rule("SCMP_ACT_ERRNO", 1, null, "mkdir")));
        assertEquals(List.of(Arch.X86_64), nativeOnly.arches());
        assertEquals(RET_KILL_PROCESS, BpfInterpreter.run(nativeOnly.program(), 39, AUDIT_I386), "x86 not listed");
        assertEquals(RET_KILL_PROCESS, run(nativeOnly, nr(Arch.X32, "getpid")), "x32 bit without x32 listed");
        assertEquals(RET_KILL_PROCESS, BpfInterpreter.run(nativeOnly.program(), 34, AUDIT_AARCH64), "foreign arch");

        Filter all = SeccompCompiler.compile(profile("SCMP_ACT_ALLOW", null,
                List.of("SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32", "SCMP_ARCH_AARCH64"),
                rule("SCMP_ACT_ERRNO", 1, null, "mkdir", "socketcall", "arch_prctl"),
                rule("SCMP_ACT_ERRNO", 2, List.of(arg(0, "EQ", 5, 0)), "close")));
        assertEquals(List.of(Arch.X86_64, Arch.X86, Arch.X32), all.arches());
        assertEquals(List.of("SCMP_ARCH_AARCH64"), all.ignoredArches());
        assertEquals(RET_ERRNO | 1, BpfInterpreter.run(all.program(), nr(Arch.X86, "mkdir"), AUDIT_I386));
        assertEquals(RET_ERRNO | 1, BpfInterpreter.run(all.program(), nr(Arch.X86, "socketcall"), AUDIT_I386));
        assertEquals(RET_ERRNO | 1, run(all, nr(Arch.X32, "mkdir")));
        assertEquals(RET_ERRNO | 1, run(all, nr(Arch.X86_64, "arch_prctl")));
        assertEquals(RET_ALLOW, run(all, nr(Arch.X86_64, "getpid")));
        assertEquals(RET_ALLOW, BpfInterpreter.run(all.program(), nr(Arch.X86, "getpid"), AUDIT_I386));
        assertEquals(RET_KILL_PROCESS, BpfInterpreter.run(all.program(), 34, AUDIT_AARCH64));
        // 32-bit x86 has no high half: only the low 32 bits are compared
        int close32 = nr(Arch.X86, "close");
        assertEquals(RET_ERRNO | 2, BpfInterpreter.run(all.program(), close32, AUDIT_I386, 5));
        assertEquals(RET_ALLOW, BpfInterpreter.run(all.program(), close32, AUDIT_I386, 6));
        assertEquals(RET_ERRNO | 2, run(all, nr(Arch.X32, "close"), 5));
        assertEquals(RET_ALLOW, run(all, nr(Arch.X32, "close"), 0x100000005L), "x32 arguments are 64-bit");
    }

    /** runc's stub: numbers above the highest the profile names (per listed arch) are newer than the profile: ENOSYS. */
    @Test
    void syscallsNewerThanTheProfileGetEnosysAsInRunc() {
        List<String> arches = List.of("SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32");
        Filter f = SeccompCompiler.compile(profile("SCMP_ACT_ERRNO", null, arches,
                rule("SCMP_ACT_ALLOW", null, null, "getpid", "mkdir"), rule("SCMP_ACT_ERRNO", null, null, "rmdir")));
        int maxNative = Math.max(GETPID, Math.max(MKDIR, nr(Arch.X86_64, "rmdir")));
        assertEquals(maxNative, f.enosysAbove().get(Arch.X86_64));
        assertEquals(RET_ERRNO | 1, run(f, 1), "below the highest named number: the default action");
        assertEquals(RET_ERRNO | 38, run(f, maxNative + 1));
        assertEquals(RET_ERRNO | 38, run(f, 1000));
        assertEquals(RET_ALLOW, run(f, MKDIR));
        assertEquals(RET_ERRNO | 38, BpfInterpreter.run(f.program(), 1000, AUDIT_I386));
        assertEquals(RET_ERRNO | 1, BpfInterpreter.run(f.program(), 1, AUDIT_I386));
        assertEquals(RET_ERRNO | 38, run(f, Arch.X32_SYSCALL_BIT + 1000));
        assertEquals(RET_ALLOW, run(f, nr(Arch.X32, "getpid")));

        Filter permissive = SeccompCompiler.compile(profile("SCMP_ACT_LOG", null, arches, rule("SCMP_ACT_ERRNO", null, null, "mkdir")));
        assertTrue(permissive.enosysAbove().isEmpty());
        assertEquals(RET_LOG, run(permissive, 1000));
        Filter unlisted = SeccompCompiler.compile(profile("SCMP_ACT_ERRNO", null, null, rule("SCMP_ACT_ALLOW", null, null, "mkdir")));
        assertEquals(RET_ERRNO | 1, run(unlisted, 1000), "runc adds the stub only for listed architectures");
    }

    @Test
    void rulesWithTheDefaultActionAreDroppedAsRuncDoes() {
        Filter f = SeccompCompiler.compile(profile("SCMP_ACT_ERRNO", null, null, rule("SCMP_ACT_ERRNO", null, null, "mkdir")));
        assertTrue(f.decisions().isEmpty());
        assertEquals(RET_ERRNO | 1, run(f, MKDIR));
    }

    @Test
    void flags() {
        Filter f = SeccompCompiler.compile(new Spec.Seccomp("SCMP_ACT_ALLOW", null, null,
                List.of("SECCOMP_FILTER_FLAG_TSYNC", "SECCOMP_FILTER_FLAG_LOG", "SECCOMP_FILTER_FLAG_SPEC_ALLOW",
                        "SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV"), null));
        assertEquals(1 | 2 | 4, f.flags(), "WAIT_KILLABLE_RECV needs a notify listener (EINVAL without)");
        assertThrows(SeccompException.class, () -> SeccompCompiler.compile(
                new Spec.Seccomp("SCMP_ACT_ALLOW", null, null, List.of("SECCOMP_FILTER_FLAG_BOGUS"), null)));
    }

    /** Random profiles big enough to need long jumps, checked syscall by syscall against the decisions. */
    @Test
    void largeRandomProfilesStayCorrectAcrossLongJumps() {
        Random rnd = new Random(42);
        List<String> names = new ArrayList<>(SyscallTable.allNames());
        String[] actions = {"SCMP_ACT_ALLOW", "SCMP_ACT_ERRNO", "SCMP_ACT_TRAP", "SCMP_ACT_LOG", "SCMP_ACT_KILL_PROCESS"};
        int longJumps = 0;
        for (int round = 0; round < 20; round++) {
            List<Spec.SyscallRule> rules = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                List<Spec.SyscallArg> args = rnd.nextInt(3) != 0 ? List.of(arg(rnd.nextInt(6), "EQ", rnd.nextInt(4), 0)) : null;
                rules.add(rule(actions[rnd.nextInt(actions.length)], rnd.nextInt(40), args, names.get(rnd.nextInt(names.size()))));
            }
            Filter f = SeccompCompiler.compile(new Spec.Seccomp("SCMP_ACT_ERRNO", 38, null, null, rules));
            assertTrue(f.instructions() <= SeccompCompiler.MAX_INSTRUCTIONS);
            for (int i = 0; i < f.instructions(); i++) if (f.program()[i * 8] == BpfBuilder.JA) longJumps++;
            for (Filter.Decision d : f.decisions()) {
                for (long a = 0; a < 4; a++) {
                    long[] args = {a, a, a, a, a, a};
                    Action expected = d.otherwise();
                    for (Filter.Rule r : d.rules()) {
                        if (r.conditions().stream().allMatch(c -> args[c.index()] == c.value())) { expected = r.action(); break; }
                    }
                    assertEquals(expected.ret(), run(f, d.nr(), args), d.name() + " arg " + a);
                }
            }
        }
        assertTrue(longJumps > 0, "the profiles were meant to need BPF_JA trampolines");
    }

    @Test
    void podmansDefaultProfileFitsAndCompilesFast() throws Exception {
        if (!Files.exists(ContainersSeccompProfile.DEBIAN_DEFAULT)) {
            throw new AssertionError("install golang-github-containers-common (" + ContainersSeccompProfile.DEBIAN_DEFAULT + ")");
        }
        Spec.Seccomp p = ContainersSeccompProfile.load(ContainersSeccompProfile.DEBIAN_DEFAULT, List.of("CAP_KILL", "CAP_AUDIT_WRITE"));
        Filter f = SeccompCompiler.compile(p);
        assertTrue(f.instructions() < 1200, "instructions: " + f.instructions());
        assertEquals(RET_ERRNO | 38, run(f, nr(Arch.X86_64, "add_key")));
        assertEquals(RET_ERRNO | 1, run(f, nr(Arch.X86_64, "kexec_load")));
        assertEquals(RET_ALLOW, run(f, GETPID));
        int personality = nr(Arch.X86_64, "personality");
        assertEquals(RET_ALLOW, run(f, personality, 8));
        assertEquals(RET_ERRNO | 38, run(f, personality, 1));
        for (int i = 0; i < 200; i++) SeccompCompiler.compile(p);
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 20; i++) {
            long t0 = System.nanoTime();
            SeccompCompiler.compile(p);
            best = Math.min(best, System.nanoTime() - t0);
        }
        assertTrue(best < 10_000_000, "warm compile took " + best / 1000 + " µs");
        System.out.println("podman default profile: " + f.instructions() + " instructions, warm compile " + best / 1000 + " µs; " + f.summary());
    }
}
