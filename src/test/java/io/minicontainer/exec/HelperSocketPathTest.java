package io.minicontainer.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minicontainer.plan.NativeStep;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * containerd's state dir (/run/containerd/runc/k8s.io) plus a 64-character id makes a socket path
 * longer than sun_path allows; the session must still start, from a short private dir it removes.
 */
class HelperSocketPathTest {
    @Test
    void aStateDirTooLongForAUnixSocketStillWorks(@TempDir Path tmp) throws Exception {
        Path longDir = tmp.resolve("run-containerd-runc-k8s.io").resolve("0123456789abcdef".repeat(4));
        assertTrue(longDir.resolve("h-000000000000.sock").toString().length() > 107, "the test needs a path over the limit");
        List<String> before = shortDirs();
        byte[] plan = StepEncoder.encodeInOrder(List.of(
                new NativeStep.Clone(0, "", 0, List.of()),
                new NativeStep.Exec(List.of("/bin/true"), List.of(), List.of("/bin/true"), List.of())), 0);
        HelperSession s = HelperSession.builder(longDir).stdin(Redirect.INHERIT).stdout(Redirect.DISCARD).start(plan);
        try {
            assertEquals(Report.Type.PID, s.next().type());
            assertEquals(Report.Type.EXECED, s.next().type());
            Report exit = s.next();
            assertEquals(Report.Type.EXIT, exit.type());
            assertEquals(0, exit.shellStatus());
        } finally {
            s.close();
            s.waitFor();
        }
        assertEquals(before, shortDirs(), "the short socket dir is removed again");
        assertFalse(Files.exists(longDir) && Files.list(longDir).findAny().isPresent(), "nothing left in the state dir");
    }

    /** Every socket path the session picks can be bound, at the edge of the limit too (a 107-byte path could not). */
    @Test
    void everyPickedPathCanBeBound(@TempDir Path tmp) throws Exception {
        for (int len = 90; len <= 110; len++) {
            // a state dir whose socket paths come to about len bytes ("/h-" + up to 12 hex digits + ".sock")
            Path dir = tmp.resolve("d".repeat(Math.max(1, len - tmp.toString().length() - 21)));
            for (int i = 0; i < 16; i++) {
                Path sock = HelperSession.newSocketPath(dir);
                try (java.nio.channels.ServerSocketChannel s = java.nio.channels.ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
                    s.bind(java.net.UnixDomainSocketAddress.of(sock));
                } catch (IOException e) {
                    throw new AssertionError(sock + " (" + sock.toString().length() + " bytes): " + e.getMessage(), e);
                } finally {
                    HelperSession.removeSocket(sock);
                }
            }
        }
    }

    private static List<String> shortDirs() throws IOException {
        try (Stream<Path> s = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(HelperSession.SHORT_DIR_PREFIX)).sorted().toList();
        }
    }
}
