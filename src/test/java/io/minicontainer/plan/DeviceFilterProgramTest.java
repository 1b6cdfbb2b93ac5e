package io.minicontainer.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.minicontainer.cgroup.DeviceRules;
import io.minicontainer.spec.Spec;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The cgroup v2 device filter, checked by running it: a small interpreter of the eBPF subset the
 * compiler emits, fed the context the kernel passes (struct bpf_cgroup_dev_ctx).
 */
class DeviceFilterProgramTest {
    static final int READ = DeviceFilterProgram.ACC_READ, WRITE = DeviceFilterProgram.ACC_WRITE,
            MKNOD = DeviceFilterProgram.ACC_MKNOD;

    static Spec.DeviceRule rule(boolean allow, String type, Long major, Long minor, String access) {
        return new Spec.DeviceRule(allow, type, major, minor, access);
    }

    static long[] compile(Spec.DeviceRule... rules) {
        return DeviceFilterProgram.compile(DeviceRules.of(List.of(rules)));
    }

    /** Runs the program; 'c' or 'b' and the requested access bits; true = allowed. */
    static boolean run(long[] prog, char type, int major, int minor, int access) {
        int[] ctx = {access << 16 | (type == 'c' ? DeviceFilterProgram.DEV_CHAR : DeviceFilterProgram.DEV_BLOCK), major, minor};
        long[] r = new long[11];
        for (int pc = 0, steps = 0; steps < 10_000; steps++) {
            if (pc < 0 || pc >= prog.length) fail("jump out of the program: pc " + pc);
            long insn = prog[pc];
            int code = (int) (insn & 0xff), dst = (int) (insn >> 8 & 0xf), src = (int) (insn >> 12 & 0xf);
            short off = (short) (insn >> 16 & 0xffff);
            int imm = (int) (insn >>> 32);
            switch (code) {
                case 0x61 -> {
                    assertEquals(1, src, "loads only from the context");
                    assertTrue(off == 0 || off == 4 || off == 8, "context offset " + off);
                    r[dst] = ctx[off / 4] & 0xffffffffL;
                }
                case 0x54 -> r[dst] = (r[dst] & imm) & 0xffffffffL;
                case 0x74 -> r[dst] = ((int) r[dst] >>> imm) & 0xffffffffL;
                case 0xb4 -> r[dst] = imm & 0xffffffffL;
                case 0xbc -> r[dst] = r[src] & 0xffffffffL;
                case 0x55 -> { if (r[dst] != (long) imm) pc += off; }
                case 0x15 -> { if (r[dst] == (long) imm) pc += off; }
                case 0x95 -> {
                    assertTrue(r[0] == 0 || r[0] == 1, "returns 0 or 1");
                    return r[0] == 1;
                }
                default -> fail("unexpected opcode 0x" + Integer.toHexString(code) + " at " + pc);
            }
            pc++;
        }
        fail("no exit");
        return false;
    }

    @Test
    void denyAllThenRuncDefaults() {
        long[] p = compile(rule(false, null, null, null, "rwm"));
        assertTrue(run(p, 'c', 1, 3, READ | WRITE), "/dev/null");
        assertTrue(run(p, 'c', 1, 9, READ), "/dev/urandom");
        assertTrue(run(p, 'c', 136, 7, READ | WRITE), "/dev/pts/7");
        assertTrue(run(p, 'c', 5, 2, READ | WRITE), "/dev/ptmx");
        assertFalse(run(p, 'c', 10, 237, READ), "loop-control");
        assertFalse(run(p, 'b', 253, 0, READ), "a host block device");
        assertFalse(run(p, 'c', 10, 229, READ | WRITE), "/dev/fuse");
        assertTrue(run(p, 'c', 10, 237, MKNOD), "mknod of any char node is allowed (opening it is not)");
        assertTrue(run(p, 'b', 8, 0, MKNOD), "mknod of any block node is allowed");
        assertFalse(run(p, 'b', 8, 0, MKNOD | READ), "an allow must cover every requested access");
    }

    @Test
    void configAllowsAreHonoured() {
        long[] p = compile(rule(false, "a", null, null, "rwm"), rule(true, "c", 10L, 229L, "r"), rule(true, "b", 7L, null, "rw"));
        assertTrue(run(p, 'c', 10, 229, READ));
        assertFalse(run(p, 'c', 10, 229, WRITE), "only r was allowed");
        assertTrue(run(p, 'b', 7, 3, READ | WRITE), "minor wildcard");
        assertFalse(run(p, 'c', 7, 3, READ), "the type must match");
    }

    @Test
    void withoutDenyAllEverythingElseIsAllowedAndDenyRulesBite() {
        long[] p = compile(rule(false, "c", 4L, 3L, "w"));
        assertFalse(run(p, 'c', 4, 3, WRITE));
        assertFalse(run(p, 'c', 4, 3, READ | WRITE), "a deny covering any requested access denies");
        assertTrue(run(p, 'c', 4, 3, READ));
        assertTrue(run(p, 'b', 8, 0, READ | WRITE), "default allow");
    }

    @Test
    void theLastMatchingRuleWins() {
        long[] p = compile(rule(false, null, null, null, "rwm"), rule(true, "c", 4L, null, "rwm"), rule(false, "c", 4L, 3L, "rwm"));
        assertFalse(run(p, 'c', 4, 3, READ));
        assertTrue(run(p, 'c', 4, 5, READ));
        long[] defaultsLast = compile(rule(false, null, null, null, "rwm"), rule(false, "c", 1L, 3L, "rwm"));
        assertTrue(run(defaultsLast, 'c', 1, 3, READ), "runc's defaults come after the config: /dev/null stays usable");
        long[] reopened = compile(rule(false, null, null, null, "rwm"), rule(true, "a", null, null, "rwm"));
        assertTrue(run(reopened, 'b', 253, 0, READ | WRITE), "a later allow-all resets the default");
    }

    @Test
    void instructionsOfTheSmallestProgram() {
        // Only rules after the last type-a rule are compiled: here just the default allow-all tail.
        long[] p = DeviceFilterProgram.compile(DeviceRules.of(List.of(rule(true, null, null, null, "rwm"))).subList(0, 1));
        List<String> shown = new ArrayList<>();
        for (long i : p) shown.add(String.format("%016x", i));
        assertEquals(List.of(
                "0000000000001261",   // r2 = *(u32 *)(r1 + 0)
                "0000ffff00000254",   // w2 &= 0xffff           (device type)
                "0000000000001361",   // r3 = *(u32 *)(r1 + 0)
                "0000001000000374",   // w3 >>= 16              (requested access)
                "0000000000041461",   // r4 = *(u32 *)(r1 + 4)  (major)
                "0000000000081561",   // r5 = *(u32 *)(r1 + 8)  (minor)
                "00000001000000b4",   // w0 = 1
                "0000000000000095"),  // exit
                shown);
    }

    @Test
    void instructionsOfOneRuleBlock() {
        long[] p = DeviceFilterProgram.compile(List.of(
                new DeviceRules.Rule(false, 'a', DeviceRules.ANY, DeviceRules.ANY, "rwm", List.of()),
                new DeviceRules.Rule(true, 'c', 1, 3, "rw", List.of())));
        List<String> block = new ArrayList<>();
        for (int i = 6; i < p.length; i++) block.add(String.format("%016x", p[i]));
        assertEquals(List.of(
                "0000000200070255",   // if r2 != 2 (char) goto +7 (past the block: the next rule)
                "0000000100060455",   // if r4 != 1 goto +6
                "0000000300050555",   // if r5 != 3 goto +5
                "00000000000031bc",   // w1 = w3
                "0000000100000154",   // w1 &= 1   (mknod: requested but not granted)
                "0000000000020155",   // if r1 != 0 goto +2
                "00000001000000b4",   // w0 = 1
                "0000000000000095",   // exit
                "00000000000000b4",   // w0 = 0    (default: deny)
                "0000000000000095"),  // exit
                block);
    }
}
