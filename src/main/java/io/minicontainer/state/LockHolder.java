package io.minicontainer.state;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/** Who holds a lock file, for the "locked by pid N" message: /proc/locks by inode, else the pid the holder wrote. */
final class LockHolder {
    private LockHolder() {}

    static String describe(Path file) {
        try {
            long ino = (Long) Files.getAttribute(file, "unix:ino", LinkOption.NOFOLLOW_LINKS);
            for (String line : Files.readAllLines(Path.of("/proc/locks"), StandardCharsets.US_ASCII)) {
                // "1: POSIX  ADVISORY  WRITE 1234 08:01:5678 0 EOF": pid, then major:minor:inode
                String[] f = line.trim().split("\\s+");
                if (f.length >= 6 && f[5].endsWith(":" + ino)) return "pid " + f[4];
            }
            String written = new String(Files.readAllBytes(file), StandardCharsets.US_ASCII).trim();
            if (written.matches("\\d{1,10}")) return "pid " + written;
        } catch (IOException | RuntimeException ignored) {
            // the holder may just have finished: say what we know
        }
        return "another process";
    }
}
