package io.minicontainer.seccomp;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Assembles a classic BPF program from its end towards its start, so every jump target already
 * exists when the jump is written (classic BPF only jumps forward). Positions count from the end:
 * the last instruction is 0. A conditional jump whose target is more than 255 instructions away
 * (jt/jf are 8 bits) gets a BPF_JA trampoline, or a copy of the target when it is a return.
 */
final class BpfBuilder {
    static final int LD_W_ABS = 0x20, ALU_AND_K = 0x54, JA = 0x05, JEQ_K = 0x15, JGT_K = 0x25, JGE_K = 0x35, RET_K = 0x06;
    private static final int MAX_JUMP = 255;

    private short[] code = new short[256];
    private byte[] jt = new byte[256];
    private byte[] jf = new byte[256];
    private int[] k = new int[256];
    private int n;
    /** The nearest return of each value, reused while it is within jump range. */
    private final Map<Integer, Integer> returns = new HashMap<>();

    int size() { return n; }

    /** A return of {@code value}; shares an existing one within reach. */
    int ret(int value) {
        Integer at = returns.get(value);
        if (at != null && n - at - 1 <= MAX_JUMP - 8) return at;
        int p = emit(RET_K, 0, 0, value);
        returns.put(value, p);
        return p;
    }

    /** A non-jumping instruction that continues at {@code next}. */
    int stmt(int op, int value, int next) {
        if (next != n - 1) next = far(next);
        return emit(op, 0, 0, value);
    }

    /** if (A op value) goto ifTrue else goto ifFalse. */
    int jump(int op, int value, int ifTrue, int ifFalse) {
        if (n - ifTrue - 1 > MAX_JUMP) ifTrue = far(ifTrue);
        if (n - ifFalse - 1 > MAX_JUMP) ifFalse = far(ifFalse);
        if (ifTrue == ifFalse) return ifTrue;
        return emit(op, n - ifTrue - 1, n - ifFalse - 1, value);
    }

    /** A stand-in for a distant target right here: the return itself, or an unconditional jump to it. */
    private int far(int target) {
        if (code[target] == RET_K) return emitRet(k[target]);
        return emit(JA, 0, 0, n - target - 1);
    }

    private int emitRet(int value) {
        int p = emit(RET_K, 0, 0, value);
        returns.put(value, p);
        return p;
    }

    private int emit(int op, int t, int f, int value) {
        if (n == code.length) grow();
        code[n] = (short) op;
        jt[n] = (byte) t;
        jf[n] = (byte) f;
        k[n] = value;
        return n++;
    }

    private void grow() {
        int size = code.length * 2;
        code = Arrays.copyOf(code, size);
        jt = Arrays.copyOf(jt, size);
        jf = Arrays.copyOf(jf, size);
        k = Arrays.copyOf(k, size);
    }

    /** The program in execution order as struct sock_filter[] (u16 code, u8 jt, u8 jf, u32 k), little-endian. */
    byte[] toBytes(int entry) {
        if (entry != n - 1) throw new IllegalStateException("the entry point must be the last instruction written");
        ByteBuffer b = ByteBuffer.allocate(n * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = n - 1; i >= 0; i--) b.putShort(code[i]).put(jt[i]).put(jf[i]).putInt(k[i]);
        return b.array();
    }
}
