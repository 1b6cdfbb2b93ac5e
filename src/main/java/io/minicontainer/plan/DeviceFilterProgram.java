package io.minicontainer.plan;

import io.minicontainer.cgroup.DeviceRules;
import java.util.ArrayList;
import java.util.List;

/**
 * Compiles device rules into a cgroup v2 device filter: an eBPF program of type
 * BPF_PROG_TYPE_CGROUP_DEVICE that returns 1 (allow) or 0 (deny) for each open or mknod. Pure.
 *
 * <p>Semantics (those of the v1 devices files, read as "the last matching rule wins"): the last
 * type-a rule sets the default (deny-all or allow-all; allow-all when there is none) and every
 * rule before it is moot; the rules after it are tried from the last to the first. An allow rule
 * decides when it covers every requested access, a deny rule when it covers any of them.
 *
 * <p>Each instruction is one 64-bit {@code struct bpf_insn} as the kernel reads it on a
 * little-endian machine: code (bits 0-7), dst_reg (8-11), src_reg (12-15), off (16-31), imm (32-63).
 */
public final class DeviceFilterProgram {
    // struct bpf_cgroup_dev_ctx { u32 access_type; u32 major; u32 minor; }: access_type = access << 16 | type
    static final int DEV_BLOCK = 1, DEV_CHAR = 2;
    static final int ACC_MKNOD = 1, ACC_READ = 2, ACC_WRITE = 4;

    // opcodes (linux/bpf_common.h, linux/bpf.h)
    static final int LDX_MEM_W = 0x61, ALU32_AND_K = 0x54, ALU32_RSH_K = 0x74, ALU32_MOV_K = 0xb4,
            ALU32_MOV_X = 0xbc, JNE_K = 0x55, JEQ_K = 0x15, EXIT = 0x95;
    /** The helper takes at most 65536 ints in one step (docs/PROTOCOL.md, protocol error 4). */
    public static final int MAX_INSNS = io.minicontainer.validate.core.HelperLimits.MAX_INTS; // one helper step carries the program
    static final int R0 = 0, R1 = 1, R2 = 2, R3 = 3, R4 = 4, R5 = 5;

    private DeviceFilterProgram() {}

    public static long[] compile(List<DeviceRules.Rule> rules) {
        List<Long> out = new ArrayList<>();
        // r2 = type, r3 = requested access, r4 = major, r5 = minor
        out.add(insn(LDX_MEM_W, R2, R1, 0, 0));
        out.add(insn(ALU32_AND_K, R2, 0, 0, 0xffff));
        out.add(insn(LDX_MEM_W, R3, R1, 0, 0));
        out.add(insn(ALU32_RSH_K, R3, 0, 0, 16));
        out.add(insn(LDX_MEM_W, R4, R1, 4, 0));
        out.add(insn(LDX_MEM_W, R5, R1, 8, 0));
        int lastAll = -1;
        for (int i = 0; i < rules.size(); i++) if (rules.get(i).isAll()) lastAll = i;
        boolean defaultAllow = lastAll < 0 || rules.get(lastAll).allow();
        for (int i = rules.size() - 1; i > lastAll; i--) out.addAll(block(rules.get(i)));
        out.add(insn(ALU32_MOV_K, R0, 0, 0, defaultAllow ? 1 : 0));
        out.add(insn(EXIT, 0, 0, 0, 0));
        return out.stream().mapToLong(Long::longValue).toArray();
    }

    /** One rule: on a mismatch every conditional jumps past the end of the block to the next rule. */
    private static List<Long> block(DeviceRules.Rule r) {
        List<int[]> b = new ArrayList<>();   // {code, dst, src, imm}; jump offsets filled in below
        b.add(new int[] {JNE_K, R2, 0, r.type() == 'c' ? DEV_CHAR : DEV_BLOCK});
        if (r.major() != DeviceRules.ANY) b.add(new int[] {JNE_K, R4, 0, (int) r.major()});
        if (r.minor() != DeviceRules.ANY) b.add(new int[] {JNE_K, R5, 0, (int) r.minor()});
        int access = accessBits(r.access());
        b.add(new int[] {ALU32_MOV_X, R1, R3, 0});
        if (r.allow()) {
            b.add(new int[] {ALU32_AND_K, R1, 0, ~access & 7});   // requested bits the rule does not grant
            b.add(new int[] {JNE_K, R1, 0, 0});
        } else {
            b.add(new int[] {ALU32_AND_K, R1, 0, access});        // requested bits the rule denies
            b.add(new int[] {JEQ_K, R1, 0, 0});
        }
        b.add(new int[] {ALU32_MOV_K, R0, 0, r.allow() ? 1 : 0});
        b.add(new int[] {EXIT, 0, 0, 0});
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < b.size(); i++) {
            int[] x = b.get(i);
            boolean jump = x[0] == JNE_K || x[0] == JEQ_K;
            out.add(insn(x[0], x[1], x[2], jump ? b.size() - i - 1 : 0, x[3]));
        }
        return out;
    }

    static int accessBits(String access) {
        int bits = 0;
        if (access.indexOf('r') >= 0) bits |= ACC_READ;
        if (access.indexOf('w') >= 0) bits |= ACC_WRITE;
        if (access.indexOf('m') >= 0) bits |= ACC_MKNOD;
        return bits;
    }

    static long insn(int code, int dst, int src, int off, int imm) {
        return (code & 0xffL) | ((long) (dst & 0xf) << 8) | ((long) (src & 0xf) << 12)
                | ((long) (off & 0xffff) << 16) | ((imm & 0xffffffffL) << 32);
    }
}
