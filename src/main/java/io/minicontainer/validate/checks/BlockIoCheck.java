package io.minicontainer.validate.checks;

import io.minicontainer.spec.Spec;
import io.minicontainer.validate.core.SemanticCheck;

/** Throttle rules name a device by numbers the kernel can hold: major 12 bits, minor 20 bits. */
public final class BlockIoCheck implements SemanticCheck {
    static final long MAX_MAJOR = (1L << 12) - 1, MAX_MINOR = (1L << 20) - 1;

    @Override public String name() { return "block-io"; }

    @Override
    public void check(Spec spec, Sink sink) {
        if (spec.linux() == null || spec.linux().resources() == null || spec.linux().resources().blockIO() == null) return;
        spec.linux().resources().blockIO().eachThrottle((list, i, t) -> {
            String at = "/linux/resources/blockIO/" + list + "/" + i;
            if (t.major() < 0 || t.major() > MAX_MAJOR) sink.error(at + "/major", "device major " + t.major() + " is outside 0.." + MAX_MAJOR, null);
            if (t.minor() < 0 || t.minor() > MAX_MINOR) sink.error(at + "/minor", "device minor " + t.minor() + " is outside 0.." + MAX_MINOR, null);
        });
    }
}
