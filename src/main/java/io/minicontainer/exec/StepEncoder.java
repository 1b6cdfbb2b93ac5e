package io.minicontainer.exec;

import io.minicontainer.plan.NativeStep;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/** Encodes a step list in the helper's wire format (docs/PROTOCOL.md): little-endian, UTF-8. */
public final class StepEncoder {
    public static final int MAGIC = 0x3148434d; // "MCH1"
    public static final int VERSION = 1;
    /** Mode bit: report every step with its duration. */
    public static final int TRACE = 1;
    /** Mode bit: the helper exits once the child is READY or EXECED. */
    public static final int DETACH = 2;

    private StepEncoder() {}

    public static byte[] encode(List<IndexedStep> steps, int mode) {
        if ((mode & ~(TRACE | DETACH)) != 0) throw new IllegalArgumentException("unknown mode bits: " + mode);
        Out out = new Out();
        out.u32(MAGIC).u32(VERSION).u32(mode).u32(steps.size());
        for (IndexedStep s : steps) encodeStep(out, s.planIndex(), s.step());
        return out.bytes();
    }

    /** The helper's part of a plan, each step with its index in the whole plan (what reports name). */
    public static List<IndexedStep> nativeSteps(io.minicontainer.plan.Plan plan) {
        List<IndexedStep> out = new ArrayList<>();
        for (int i = 0; i < plan.steps().size(); i++) {
            if (plan.steps().get(i) instanceof NativeStep n) out.add(new IndexedStep(i, n));
        }
        return out;
    }

    /** Convenience: plan index = position in the list. */
    public static byte[] encodeInOrder(List<? extends NativeStep> steps, int mode) {
        List<IndexedStep> indexed = new ArrayList<>(steps.size());
        for (int i = 0; i < steps.size(); i++) indexed.add(new IndexedStep(i, steps.get(i)));
        return encode(indexed, mode);
    }

    private static void encodeStep(Out out, int planIndex, NativeStep step) {
        long[] ints = step.ints();
        List<byte[]> strs = step.strBytes();
        // the helper would answer "protocol error: bad arity", which names no config field: catch it here
        if (!step.op().accepts(ints.length, strs.size())) {
            throw new IllegalStateException(step.op() + " step with " + ints.length + " ints and " + strs.size()
                    + " strings; the op takes " + step.op().ints + " and " + step.op().strs + " (" + step.describe() + ")");
        }
        out.u32(step.op().code).u32(planIndex).u32(ints.length).u32(strs.size());
        for (long v : ints) out.i64(v);
        for (byte[] s : strs) out.bytes(s);
    }

    /** Tiny little-endian writer; ByteBuffer per value keeps the byte order explicit. */
    private static final class Out {
        private final ByteArrayOutputStream buf = new ByteArrayOutputStream(256);
        private final ByteBuffer scratch = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);

        Out u32(int v) {
            scratch.clear();
            buf.write(scratch.putInt(v).array(), 0, 4);
            return this;
        }

        Out i64(long v) {
            scratch.clear();
            buf.write(scratch.putLong(v).array(), 0, 8);
            return this;
        }

        Out bytes(byte[] b) {
            u32(b.length);
            buf.write(b, 0, b.length);
            return this;
        }

        byte[] bytes() { return buf.toByteArray(); }
    }
}
