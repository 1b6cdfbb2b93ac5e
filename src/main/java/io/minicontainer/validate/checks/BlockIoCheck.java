package io.minicontainer.validate.checks;

import io.minicontainer.spec.Spec;
import io.minicontainer.validate.SemanticCheck;
import java.util.List;

/** Throttle rules name a device by numbers the kernel can hold: major 12 bits, minor 20 bits. */
public final class BlockIoCheck implements SemanticCheck {
    static final long MAX_MAJOR = (1L << 12) - 1, MAX_MINOR = (1L << 20) - 1;

    @Override public String name() { return "block-io"; }

    @Override
    public void check(Spec spec, Sink sink) {
        if (spec.linux() == null || spec.linux().resources() == null || spec.linux().resources().blockIO() == null) return;
        Spec.BlockIO b = spec.linux().resources().blockIO();
        each("throttleReadBpsDevice", b.throttleReadBpsDevice(), sink);
        each("throttleWriteBpsDevice", b.throttleWriteBpsDevice(), sink);
        each("throttleReadIOPSDevice", b.throttleReadIOPSDevice(), sink);
        each("throttleWriteIOPSDevice", b.throttleWriteIOPSDevice(), sink);
    }

    private static void each(String list, List<Spec.ThrottleDevice> rules, Sink sink) {
        List<Spec.ThrottleDevice> l = Support.orEmpty(rules);
        for (int i = 0; i < l.size(); i++) {
            Spec.ThrottleDevice t = l.get(i);
            if (t == null) continue;
            String at = "/linux/resources/blockIO/" + list + "/" + i;
            if (t.major() < 0 || t.major() > MAX_MAJOR) sink.error(at + "/major", "device major " + t.major() + " is outside 0.." + MAX_MAJOR, null);
            if (t.minor() < 0 || t.minor() > MAX_MINOR) sink.error(at + "/minor", "device minor " + t.minor() + " is outside 0.." + MAX_MINOR, null);
        }
    }
}
