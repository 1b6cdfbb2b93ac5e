package io.minicontainer.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** What the host looks like from the test JVM: cgroup dirs, mounts, namespace inodes. */
public final class HostState {
    private static final Path CGROUP_ROOT = Path.of("/sys/fs/cgroup");

    private HostState() {}

    /** Every cgroup dir (any hierarchy, v1 or v2, up to depth 5) whose name contains {@code name}. */
    public static List<String> cgroupDirsNamed(String name) {
        List<String> found = new ArrayList<>();
        try (Stream<Path> s = Files.find(CGROUP_ROOT, 5, (p, a) -> a.isDirectory() && p.getFileName().toString().contains(name))) {
            s.forEach(p -> found.add("cgroup: " + p));
        } catch (IOException | UncheckedIOException e) {
            // a cgroup removed while we walk: the walk is best effort, the next call sees the truth
        }
        return found;
    }

    public static List<String> mountinfoLines() {
        try {
            return Files.readAllLines(Path.of("/proc/self/mountinfo"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Mount table lines that name this checkout (its base dir or its {@link TestScope#TAG}): what our
     * tests could have left. Other users' mounts (podman overlays, other checkouts) are not ours to judge.
     */
    public static List<String> ownMounts() {
        String base = BusyboxRootfs.targetDir().getParent().toString();
        return mountinfoLines().stream().filter(l -> l.contains(base) || l.contains(TestScope.TAG)).toList();
    }

    /** {@code net:[4026531840]} → the inode as text, for this process. */
    public static String nsInode(String type) {
        return nsInode(Path.of("/proc/self/ns", type));
    }

    public static String nsInode(Path link) {
        try {
            String target = Files.readSymbolicLink(link).toString();
            return target.substring(target.indexOf('[') + 1, target.indexOf(']'));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs a host command and returns its stdout; fails on a non-zero exit. */
    public static String sh(String script) {
        try {
            Process p = new ProcessBuilder("sh", "-c", script).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (p.waitFor() != 0) throw new AssertionError("host command failed: " + script + "\n" + out);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
