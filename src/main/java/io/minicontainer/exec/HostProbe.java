package io.minicontainer.exec;

import io.minicontainer.cgroup.CgroupLayout;
import io.minicontainer.cgroup.OwnCgroups;
import io.minicontainer.plan.HostFacts;
import io.minicontainer.spec.CapabilityNames;
import java.io.IOException;
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

    static int lastCap() {
        try {
            // One read with a real buffer: Files.readString reads a 0-sized /proc/sys file a byte at a time, and
            // sysctl integer files answer EOF to any read at offset > 0, so "40" came back as "4".
            try (var in = Files.newInputStream(Path.of("/proc/sys/kernel/cap_last_cap"))) {
                return Integer.parseInt(new String(in.readNBytes(32), java.nio.charset.StandardCharsets.US_ASCII).trim());
            }
        } catch (IOException | NumberFormatException e) {
            return CapabilityNames.last();
        }
    }
}
