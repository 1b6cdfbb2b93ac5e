package io.minicontainer.exec;

import io.minicontainer.plan.NativeStep;
import org.junit.jupiter.api.Test;

import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class StepEncoderTest {
    @Test
    void encodesHeaderStepsIntsAndUtf8StringsLittleEndian() {
        List<IndexedStep> steps = List.of(
                new IndexedStep(3, new NativeStep.Clone(0x04000000L, "CLONE_NEWUTS", 0, List.of())),
                new IndexedStep(4, new NativeStep.SetHostname("hé", List.of("/hostname"))),
                new IndexedStep(5, new NativeStep.Mount(null, "/x", "tmpfs", 1, null, null, 0, "ro", List.of())));

        String expected = String.join("",
                "4d434831", "01000000", "01000000", "03000000",               // magic "MCH1", version, mode TRACE, 3 steps
                "04000000", "03000000", "02000000", "00000000",               // CLONE, planIndex 3, 2 ints, 0 strs
                "0000000400000000", "0000000000000000",                       // flags 0x04000000, setTid 0
                "0a000000", "04000000", "00000000", "01000000",               // SETHOSTNAME, planIndex 4, 0 ints, 1 str
                "03000000", "68c3a9",                                         // "hé" is 3 UTF-8 bytes
                "06000000", "05000000", "02000000", "05000000",               // MOUNT, planIndex 5, 2 ints, 5 strs
                "0100000000000000", "0000000000000000",                       // MS_RDONLY, opts 0
                "00000000", "02000000", "2f78", "05000000", "746d706673",     // source NULL → "", "/x", "tmpfs"
                "00000000", "00000000");                                      // data NULL, root NULL

        assertEquals(expected, HexFormat.of().formatHex(StepEncoder.encode(steps, StepEncoder.TRACE)));
    }

    @Test
    void inOrderUsesListPositionAsPlanIndex() {
        byte[] a = StepEncoder.encodeInOrder(List.of(new NativeStep.SetSid(List.of())), 0);
        byte[] b = StepEncoder.encode(List.of(new IndexedStep(0, new NativeStep.SetSid(List.of()))), 0);
        assertEquals(HexFormat.of().formatHex(b), HexFormat.of().formatHex(a));
        assertEquals("4d434831" + "01000000" + "00000000" + "01000000" + "1b000000" + "00000000" + "00000000" + "00000000",
                HexFormat.of().formatHex(a));
    }

    @Test
    void encodesMknodAndDeviceFilter() {
        byte[] mknod = StepEncoder.encodeInOrder(List.of(
                new NativeStep.Mknod("/dev/null", 'c', 1, 3, 0666, 0, 5, "/r", List.of())), 0);
        assertEquals(String.join("", "4d434831", "01000000", "00000000", "01000000",
                "1f000000", "00000000", "05000000", "02000000",            // MKNOD (31), 5 ints, 2 strs
                "b621000000000000",                                        // S_IFCHR|0666 = 0x21b6
                "0100000000000000", "0300000000000000", "0000000000000000", "0500000000000000",
                "09000000", "2f6465762f6e756c6c", "02000000", "2f72"),     // "/dev/null", "/r"
                HexFormat.of().formatHex(mknod));
        byte[] filter = StepEncoder.encodeInOrder(List.of(new NativeStep.DeviceFilter("/cg",
                new long[] {0x0000000000001261L, 0x0000000000000095L}, List.of(), List.of())), 0);
        assertEquals(String.join("", "4d434831", "01000000", "00000000", "01000000",
                "20000000", "00000000", "02000000", "01000000",            // DEVICE_FILTER (32), 2 insns, 1 str
                "6112000000000000", "9500000000000000",                    // struct bpf_insn bytes, in memory order
                "03000000", "2f6367"),
                HexFormat.of().formatHex(filter));
    }

    @Test
    void rejectsUnknownModeBits() {
        assertThrows(IllegalArgumentException.class, () -> StepEncoder.encode(List.of(), 4));
    }
}
