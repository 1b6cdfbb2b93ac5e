package io.minicontainer.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minicontainer.testing.BusyboxRootfs;
import io.minicontainer.testing.ContainerFixture;
import io.minicontainer.testing.ContainerFixture.Result;
import io.minicontainer.testing.HostState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * linux.rootfsPropagation, each value read back from the container's /proc/self/mountinfo line for "/".
 * The rootfs lives on a test-owned tmpfs made shared (this host's "/" is private, so a slave would have no
 * master to show); a host mount under a shared volume must appear inside. Both tmpfs are unmounted after.
 */
class RootfsPropagationIT {
    private static Path sharedTmpfs;

    @BeforeAll
    static void sharedMount() throws Exception {
        sharedTmpfs = Files.createDirectories(BusyboxRootfs.targetDir().resolve("it-propagation-" + ProcessHandle.current().pid()));
        HostState.sh("mount -t tmpfs -o size=16m mct-propagation '" + sharedTmpfs + "' && mount --make-shared '" + sharedTmpfs + "'");
    }

    @AfterAll
    static void unmount() throws Exception {
        HostState.sh("umount -l '" + sharedTmpfs + "' && rmdir '" + sharedTmpfs + "'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"private", "rprivate", "slave", "rslave", "shared", "rshared", "unbindable", "runbindable"})
    void eachValueIsAppliedToTheContainersRoot(String value) throws Exception {
        try (ContainerFixture c = ContainerFixture.create()) {
            Path rootfs = BusyboxRootfs.freshCopy(sharedTmpfs.resolve(c.id()));
            c.config().with("root").put("path", rootfs.toString());
            c.linux().put("rootfsPropagation", value);
            Result r = c.shell("echo '<<'; cat /proc/self/mountinfo; echo '>>'").run();
            assertEquals(0, r.exitCode(), r.dump());
            List<String> tags = rootTags(r);
            switch (value.replaceFirst("^r", "")) {
                case "private" -> assertTrue(tags.isEmpty(), value + ": " + tags);
                case "slave" -> assertTrue(has(tags, "master:") && !has(tags, "shared:"), value + ": " + tags);
                case "shared" -> assertTrue(has(tags, "shared:"), value + ": " + tags);
                case "unbindable" -> assertTrue(tags.contains("unbindable"), value + ": " + tags);
                default -> throw new AssertionError(value);
            }
            c.assertNothingLeft();
            BusyboxRootfs.deleteTree(rootfs);
        }
    }

    @Test
    void theDefaultIsRslaveAndTheContainersMountsNeverReachTheHost() throws Exception {
        try (ContainerFixture c = ContainerFixture.create()) {
            Path rootfs = BusyboxRootfs.freshCopy(sharedTmpfs.resolve(c.id()));
            c.config().with("root").put("path", rootfs.toString());
            Result r = c.shell("mkdir -p /tmp/inner && mount -t tmpfs inner /tmp/inner && echo '<<'; cat /proc/self/mountinfo; echo '>>'").run();
            assertEquals(0, r.exitCode(), r.dump());
            List<String> tags = rootTags(r);
            assertTrue(has(tags, "master:") && !has(tags, "shared:"), tags.toString());
            for (String line : HostState.mountinfoLines()) assertFalse(line.contains(rootfs.toString()), line);
            c.assertNothingLeft();
            BusyboxRootfs.deleteTree(rootfs);
        }
    }

    @Test
    void aHostMountUnderAnRsharedVolumeAppearsInside() throws Exception {
        try (ContainerFixture c = ContainerFixture.create()) {
            Path volume = Files.createDirectories(sharedTmpfs.resolve(c.id() + "-volume"));
            c.mount("/vol", "bind", volume.toString(), "rbind", "rshared");
            Path sub = volume.resolve("sub");
            try {
                Result r = c.runPaused("true", "cat /vol/sub/marker; grep -c ' /vol/sub ' /proc/self/mountinfo", launcher -> {
                    Files.createDirectories(sub);
                    HostState.sh("mount -t tmpfs mct-propagation-sub '" + sub + "' && echo from-the-host > '" + sub + "/marker'");
                });
                assertEquals(0, r.exitCode(), r.dump());
                assertEquals("from-the-host\n1\n", r.stdout(), r.dump());
            } finally {
                HostState.sh("! mountpoint -q '" + sub + "' || umount '" + sub + "'");
            }
            c.assertNothingLeft();
        }
    }

    /** The optional fields (shared:N, master:N, propagate_from:N, unbindable) of the container's "/". */
    private static List<String> rootTags(Result r) {
        String out = r.stdout();
        String body = out.substring(out.indexOf("<<\n") + 3, out.indexOf(">>\n"));
        String[] f = body.lines().map(l -> l.split(" ")).filter(x -> x[4].equals("/")).reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("no / in\n" + body));
        int dash = Arrays.asList(f).indexOf("-");
        return Arrays.asList(f).subList(6, dash);
    }

    private static boolean has(List<String> tags, String prefix) { return tags.stream().anyMatch(t -> t.startsWith(prefix)); }
}
