package io.minicontainer.validate;

import io.minicontainer.diag.Diagnostic;
import io.minicontainer.spec.Annotations;
import io.minicontainer.spec.LoadedSpec;
import io.minicontainer.diag.Diagnostic.Severity;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Host checks for the annotation run.mini-container.pid: below this host's pid_max and not in use
 * right now. A pid can still be taken between here and clone3; the runtime then reports EEXIST.
 */
public final class PidPreflight {
    private PidPreflight() {}

    public static List<Diagnostic> check(LoadedSpec loaded, Path proc) {
        int pid = Annotations.requestedPid(loaded.spec());
        List<Diagnostic> out = new ArrayList<>();
        if (pid == 0) return out;
        Locator at = new Locator(loaded);
        int pidMax = pidMax(proc);
        if (pidMax > 0 && pid >= pidMax) {
            out.add(at.at(Severity.ERROR, HostPreflight.CHECK, Annotations.PID_POINTER, "pid " + pid
                    + " is not below this host's pid_max (" + pidMax + ")", "pick a pid below " + pidMax
                    + ", or raise kernel.pid_max"));
        } else if (Files.exists(proc.resolve(Integer.toString(pid)))) {
            out.add(at.at(Severity.ERROR, HostPreflight.CHECK, Annotations.PID_POINTER, "pid " + pid
                    + " is already in use on the host" + command(proc, pid), "pick a free pid: one not listed in /proc"));
        }
        return out;
    }

    /** One read(): a /proc/sys value read from a non-zero offset comes back empty. */
    private static int pidMax(Path proc) {
        try (InputStream in = Files.newInputStream(proc.resolve("sys/kernel/pid_max"))) {
            return Integer.parseInt(new String(in.readNBytes(32), StandardCharsets.US_ASCII).trim());
        } catch (IOException | NumberFormatException e) {
            return 0; // unknown: clone3 will tell
        }
    }

    private static String command(Path proc, int pid) {
        try (InputStream in = Files.newInputStream(proc.resolve(pid + "/comm"))) {
            return " (by " + new String(in.readNBytes(64), StandardCharsets.UTF_8).trim() + ")";
        } catch (IOException e) {
            return "";
        }
    }
}
