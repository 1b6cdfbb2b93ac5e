package io.minicontainer.exec;

import io.minicontainer.cgroup.CgroupLayout;
import io.minicontainer.cgroup.OwnCgroups;
import io.minicontainer.plan.HostFacts;
import io.minicontainer.spec.CapabilityNames;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;

/** Reads the few host facts the planner needs (cgroup layout, own cgroups, last capability): the planner itself reads nothing. */
public final class HostProbe {
    private HostProbe() {}

    public static HostFacts facts() {
        try {
            return new HostFacts(cgroupLayout(), ownCgroups(), lastCap());
        } catch (IOException e) {
            throw new io.minicontainer.diag.RuntimeFailure("cannot read this host's cgroup layout: " + e.getMessage(), e);
        }
    }

    /** Reads /proc/self/mountinfo and the few cgroup files that complete the picture. */
    public static CgroupLayout cgroupLayout() throws IOException {
        try {
            return CgroupLayout.parse(Files.readString(Path.of("/proc/self/mountinfo")), new ReadOrNull());
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** This process's cgroup in every hierarchy, from /proc/self/cgroup. */
    public static Map<String, String> ownCgroups() throws IOException {
        return OwnCgroups.parse(Files.readString(Path.of("/proc/self/cgroup")));
    }

    /** A class, not HostProbe::readOrNull: a method reference's first link costs every cold start ~0.1 ms. */
    private static final class ReadOrNull implements java.util.function.Function<String, String> {
        @Override public String apply(String file) { return readOrNull(file); }
    }

    private static String readOrNull(String file) {
        try {
            return Files.readString(Path.of(file));
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
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
