package io.minicontainer.oci;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Live processes of a process group, read from /proc/[pid]/stat (field 5 is pgrp), as "pid (comm)". */
final class ProcessGroup {
    private ProcessGroup() {}

    static List<String> members(long pgid) {
        List<String> found = new ArrayList<>();
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path p : procs) {
                try {
                    // not Files.readString: comm is cut at 15 bytes, maybe inside a UTF-8 character, which its strict
                    // decoding refuses (the member would have been skipped as gone); this decoding replaces instead
                    String stat = new String(Files.readAllBytes(p.resolve("stat")), StandardCharsets.UTF_8);
                    int close = stat.lastIndexOf(')');
                    String[] f = stat.substring(close + 2).split(" ");
                    // f[0] state, f[1] ppid, f[2] pgrp
                    if (!f[0].equals("Z") && Long.parseLong(f[2]) == pgid) {
                        found.add(p.getFileName() + " " + stat.substring(stat.indexOf('('), close + 1));
                    }
                } catch (IOException | RuntimeException gone) {
                    // exited meanwhile
                }
            }
        } catch (IOException e) {
            return found;
        }
        return found;
    }
}
