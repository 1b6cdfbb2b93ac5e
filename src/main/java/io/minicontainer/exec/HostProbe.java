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
            return Integer.parseInt(Files.readString(Path.of("/proc/sys/kernel/cap_last_cap")).trim());
        } catch (IOException | NumberFormatException e) {
            return CapabilityNames.last();
        }
    }
}
