package io.minicontainer.validate.checks;

import io.minicontainer.spec.Spec;
import io.minicontainer.validate.core.SemanticCheck;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** linux.devices: a node needs an absolute path, a known type and, except a FIFO, its numbers. */
public final class DeviceNodesCheck implements SemanticCheck {
    @Override public String name() { return "device-nodes"; }

    @Override
    public void check(Spec spec, Sink sink) {
        if (spec.linux() == null) return;
        List<Spec.Device> devices = Support.orEmpty(spec.linux().devices());
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < devices.size(); i++) {
            Spec.Device d = devices.get(i);
            String ptr = "/linux/devices/" + i;
            if (d == null) continue;
            if (!Support.isAbsolute(d.path()) || Support.hasDotDot(d.path()) || d.path().replace("/", "").isEmpty()) {
                sink.error(ptr + "/path", "device path \"" + d.path() + "\" must be absolute, name a file and contain no \"..\"",
                        "e.g. \"/dev/fuse\"");
            } else if (!seen.add(java.nio.file.Path.of(d.path()).normalize().toString())) {
                sink.error(ptr + "/path", "device path " + d.path() + " is given twice", null);
            }
            String type = d.type() == null ? "" : d.type();
            if (!List.of("c", "b", "u", "p").contains(type)) {
                sink.error(ptr + "/type", "device type \"" + type + "\" is not c (char), b (block), u (unbuffered char) or p (FIFO)", null);
            } else if (!type.equals("p")) {
                if (d.major() == null || d.minor() == null) {
                    sink.error(ptr, "device " + d.path() + " of type " + type + " needs major and minor", null);
                } else if (d.major() < 0 || d.minor() < 0 || d.major() > 0xfff || d.minor() > 0xfffff) {
                    sink.error(ptr + (d.major() < 0 || d.major() > 0xfff ? "/major" : "/minor"), "device numbers " + d.major() + ":" + d.minor()
                            + " are outside the kernel's range (major 0..4095, minor 0..1048575)", null);
                }
            }
            if (d.fileMode() != null && (d.fileMode() & ~0177777) != 0) {
                sink.error(ptr + "/fileMode", "fileMode " + d.fileMode() + " has bits beyond the file type and permissions",
                        "give the permission bits as a decimal number, e.g. 438 for 0666");
            }
        }
    }
}
