package io.minicontainer.exec;

import io.minicontainer.cgroup.CgroupLayout;
import io.minicontainer.cgroup.OwnCgroups;
import io.minicontainer.plan.HostFacts;
import io.minicontainer.spec.CapabilityNames;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads the few host facts the planner needs (cgroup layout, own cgroups, last capability). */
public final class HostProbe {
    private HostProbe() {}

    public static HostFacts facts() {
        try {
            return new HostFacts(CgroupLayout.detect(), OwnCgroups.read(), lastCap());
        } catch (IOException e) {
            throw new io.minicontainer.errors.RuntimeFailure("cannot read this host's cgroup layout: " + e.getMessage(), e);
        }
    }

    /**
     * One read() of the whole value: /proc/sys files report size 0, so Files.readString reads a single
     * byte first, and a sysctl read at a non-zero offset returns EOF ("40" came back as "4").
     */
    static int lastCap() {
        try (InputStream in = Files.newInputStream(Path.of("/proc/sys/kernel/cap_last_cap"))) {
            return Integer.parseInt(new String(in.readNBytes(32), StandardCharsets.US_ASCII).trim());
        } catch (IOException | NumberFormatException e) {
            return CapabilityNames.last();
        }
    }
}
