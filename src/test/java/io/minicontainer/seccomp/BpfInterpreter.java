package io.minicontainer.seccomp;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** A classic-BPF interpreter for the instructions the compiler emits, checking what the kernel's verifier checks. */
final class BpfInterpreter {
    private BpfInterpreter() {}

    /** Runs the filter on a seccomp_data {nr, arch, ip=0, args} and returns the SECCOMP_RET_* value. */
    static int run(byte[] program, int nr, int arch, long... args) {
        ByteBuffer data = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
        data.putInt(0, nr).putInt(4, arch);
        for (int i = 0; i < args.length; i++) data.putLong(16 + 8 * i, args[i]);
        ByteBuffer p = ByteBuffer.wrap(program).order(ByteOrder.LITTLE_ENDIAN);
        int n = program.length / 8;
        if (n == 0 || n > 4096) throw new AssertionError("bad length " + n);
        int pc = 0;
        int a = 0;
        for (int steps = 0; steps <= n; steps++) {
            if (pc >= n) throw new AssertionError("fell off the end");
            int code = p.getShort(pc * 8) & 0xffff;
            int jt = p.get(pc * 8 + 2) & 0xff;
            int jf = p.get(pc * 8 + 3) & 0xff;
            int k = p.getInt(pc * 8 + 4);
            switch (code) {
                case BpfBuilder.LD_W_ABS -> {
                    if (k < 0 || k > 60 || k % 4 != 0) throw new AssertionError("bad load offset " + k);
                    a = data.getInt(k);
                    pc++;
                }
                case BpfBuilder.ALU_AND_K -> { a &= k; pc++; }
                case BpfBuilder.JA -> pc += 1 + k;
                case BpfBuilder.JEQ_K -> pc += 1 + (a == k ? jt : jf);
                case BpfBuilder.JGT_K -> pc += 1 + (Integer.compareUnsigned(a, k) > 0 ? jt : jf);
                case BpfBuilder.JGE_K -> pc += 1 + (Integer.compareUnsigned(a, k) >= 0 ? jt : jf);
                case BpfBuilder.RET_K -> { return k; }
                default -> throw new AssertionError("unexpected opcode 0x" + Integer.toHexString(code));
            }
        }
        throw new AssertionError("loop");
    }
}
