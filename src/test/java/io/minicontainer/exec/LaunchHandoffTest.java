package io.minicontainer.exec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minicontainer.plan.HostStep;
import io.minicontainer.plan.Plan;
import io.minicontainer.plan.Step;
import java.io.FileOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Launch#handOff}'s fallbacks, root-free: the test plays the helper's side of the session's socket
 * (its reports are written before Java asks, so no ordering depends on time) and a file stands in for the
 * supervisor's pipe. Whenever the supervisor cannot be given the wait, this JVM must keep it and return the
 * container's EXIT; HANDED_OFF (which lets this JVM exit) only after the whole data was written.
 */
class LaunchHandoffTest {
    private static final int JAVA_RECORD_HANDOFF = 3, ESRCH = 3;
    /** An fd no test JVM holds: the nofile limit of the project's machines is 20000. */
    private static final int NOT_OPEN = 65_000;

    /** The helper's end of a session: Java's records in, reports out. */
    static final class FakeHelper implements AutoCloseable {
        final Process process;
        final SocketChannel helperSide;
        final HelperSession session;

        FakeHelper(Path tmp) throws IOException {
            Path sock = tmp.resolve("h.sock");
            try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
                server.bind(UnixDomainSocketAddress.of(sock));
                SocketChannel javaSide = SocketChannel.open(UnixDomainSocketAddress.of(sock));
                helperSide = server.accept();
                // the session's "helper" process: only its pid is used (in the data), then it is killed
                process = new ProcessBuilder("sleep", "60").start();
                session = new HelperSession(process, javaSide, sock);
            }
        }

        FakeHelper report(Report.Type type, int a) throws IOException {
            ByteBuffer b = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putInt(type.code).putInt(a).putInt(0).putInt(0);
            b.flip();
            while (b.hasRemaining()) helperSide.write(b);
            return this;
        }

        /** Every record Java sent so far, as [type, value] (read without blocking). */
        List<int[]> received() throws IOException {
            helperSide.configureBlocking(false);
            ByteBuffer b = ByteBuffer.allocate(4096).order(ByteOrder.LITTLE_ENDIAN);
            while (helperSide.read(b) > 0) { }
            b.flip();
            List<int[]> out = new ArrayList<>();
            while (b.remaining() >= 16) {
                out.add(new int[] {b.getInt(), b.getInt()});
                b.getLong();
            }
            assertEquals(0, b.remaining(), "whole 16-byte records");
            return out;
        }

        @Override public void close() throws IOException {
            process.destroyForcibly();
            helperSide.close();
            session.close();
        }
    }

    private static final int EXITED_3 = 3 << 8; // a raw wait status: exit code 3

    static Plan plan(List<String> cgroups) {
        List<HostStep.CgroupRemove> cleanup = new ArrayList<>();
        for (String c : cgroups) cleanup.add(new HostStep.CgroupRemove(c, List.of()));
        return new Plan("c1", "/rootfs", List.<Step>of(), cleanup);
    }

    /** The fd number this JVM holds {@code file} open with, found in /proc/self/fd. */
    static int fdOf(Path file) throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    if (Files.readSymbolicLink(fd).equals(file.toRealPath())) return Integer.parseInt(fd.getFileName().toString());
                } catch (IOException closedMeanwhile) {
                    // the listing's own fd, or one closed since
                }
            }
        }
        throw new AssertionError("no fd for " + file);
    }

    @Test
    void theWholeDataIsWrittenBeforeHandedOffIsReturned(@TempDir Path tmp) throws Exception {
        Path pipe = tmp.resolve("supervisor-pipe");
        Plan plan = plan(List.of("/sys/fs/cgroup/pids/c1"));
        try (FakeHelper h = new FakeHelper(tmp); FileOutputStream held = new FileOutputStream(pipe.toFile())) {
            h.report(Report.Type.HANDED_OFF, 0);
            Report r = new Launch(plan, h.session).handOff(new Supervisor(4242, fdOf(pipe)), tmp.resolve("c1"), null, new ForegroundRun.SignalRelay());
            assertEquals(Report.Type.HANDED_OFF, r.type());
            assertArrayEquals(HandoffData.encode(plan, h.process.pid(), tmp.resolve("c1"), null).committed(""),
                    Files.readAllBytes(pipe));
            List<int[]> sent = h.received();
            assertEquals(1, sent.size());
            assertArrayEquals(new int[] {JAVA_RECORD_HANDOFF, 4242}, sent.get(0), "HANDOFF with the supervisor's pid");
        }
    }

    /** The container ended before the helper read HANDOFF: its EXIT is the answer, nothing is committed. */
    @Test
    void anExitBeforeHandedOffIsTheRunsEnd(@TempDir Path tmp) throws Exception {
        try (FakeHelper h = new FakeHelper(tmp)) {
            h.report(Report.Type.EXIT, EXITED_3).report(Report.Type.HANDED_OFF, 0);
            Report r = new Launch(plan(List.of()), h.session).handOff(new Supervisor(4242, NOT_OPEN), tmp.resolve("c1"), null, new ForegroundRun.SignalRelay());
            assertEquals(Report.Type.EXIT, r.type());
            assertEquals(3, r.shellStatus());
        }
    }

    /** The helper could not open a pidfd for the supervisor (a = errno): this JVM keeps the wait, writes nothing. */
    @Test
    void aRefusedHandoffKeepsTheWaitInJava(@TempDir Path tmp) throws Exception {
        Path pipe = tmp.resolve("supervisor-pipe");
        try (FakeHelper h = new FakeHelper(tmp); FileOutputStream held = new FileOutputStream(pipe.toFile())) {
            h.report(Report.Type.HANDED_OFF, ESRCH).report(Report.Type.STEP, 0).report(Report.Type.EXIT, EXITED_3);
            Report r = new Launch(plan(List.of()), h.session).handOff(new Supervisor(4242, fdOf(pipe)), tmp.resolve("c1"), null, new ForegroundRun.SignalRelay());
            assertEquals(Report.Type.EXIT, r.type(), "the container's exit, awaited here");
            assertEquals(3, r.shellStatus());
            assertEquals(0, Files.size(pipe), "no data for a supervisor the helper does not watch");
        }
    }

    /** The data cannot reach the supervisor (its pipe is not there): it mirrors this JVM, so this JVM keeps the wait. */
    @Test
    void aFailedCommitKeepsTheWaitInJava(@TempDir Path tmp) throws Exception {
        try (FakeHelper h = new FakeHelper(tmp)) {
            h.report(Report.Type.HANDED_OFF, 0).report(Report.Type.EXIT, EXITED_3);
            Launch launch = new Launch(plan(List.of()), h.session);
            ForegroundRun.SignalRelay relay = new ForegroundRun.SignalRelay();
            relay.attach(launch);
            Report r = launch.handOff(new Supervisor(4242, NOT_OPEN), tmp.resolve("c1"), null, relay);
            assertEquals(Report.Type.EXIT, r.type());
            assertEquals(3, r.shellStatus());
            // the relay held signals from the HANDED_OFF on; the failed commit released it, so this one still goes out
            relay.received(15);
            List<int[]> sent = h.received();
            int[] last = sent.get(sent.size() - 1);
            assertEquals("1:15", last[0] + ":" + last[1], "the relay was released after the failed commit");
        }
    }

    /** The helper is gone before HANDOFF could be sent: what it reported before leaving tells the rest. */
    @Test
    void aHelperGoneBeforeHandoffLeavesItsExit(@TempDir Path tmp) throws Exception {
        try (FakeHelper h = new FakeHelper(tmp)) {
            h.report(Report.Type.EXIT, EXITED_3);
            h.helperSide.close(); // Java's write of HANDOFF fails (EPIPE); the EXIT is still readable
            Report r = new Launch(plan(List.of()), h.session).handOff(new Supervisor(4242, NOT_OPEN), tmp.resolve("c1"), null, new ForegroundRun.SignalRelay());
            assertEquals(Report.Type.EXIT, r.type());
            assertEquals(3, r.shellStatus());
        }
    }

    /**
     * Data the supervisor would ignore (over its record limit here) is never offered: no HANDOFF is sent and this JVM
     * keeps the wait. Before, the JVM wrote it, returned HANDED_OFF and exited; the supervisor, never committed,
     * exited with the JVM's 0 and the helper, watching it, killed the container: a `run` that said 0 and left its cgroups.
     */
    @Test
    void dataOverTheSupervisorsLimitsIsNeverOffered(@TempDir Path tmp) throws Exception {
        List<String> many = new ArrayList<>();
        for (int i = 0; i < HandoffData.MAX_RECORDS; i++) many.add("/sys/fs/cgroup/pids/p" + i + "/c1");
        Plan plan = plan(many);
        assertFalse(HandoffData.encode(plan, 1, tmp.resolve("c1"), null).fits());
        assertTrue(HandoffData.encode(plan(many.subList(0, 10)), 1, tmp.resolve("c1"), null).fits());
        Path pipe = tmp.resolve("supervisor-pipe");
        try (FakeHelper h = new FakeHelper(tmp); FileOutputStream held = new FileOutputStream(pipe.toFile())) {
            h.report(Report.Type.EXIT, EXITED_3);
            Report r = new Launch(plan, h.session).handOff(new Supervisor(4242, fdOf(pipe)), tmp.resolve("c1"), null, new ForegroundRun.SignalRelay());
            assertEquals(Report.Type.EXIT, r.type());
            assertEquals(List.of(), h.received(), "no HANDOFF record");
            assertEquals(0, Files.size(pipe));
        }
    }

    @Test
    void theByteLimitIsTheSupervisors(@TempDir Path tmp) {
        // one cgroup dir long enough that the records leave exactly the room of the RELAYED record and the commit
        int empty = HandoffData.encode(plan(List.of("/")), 1, tmp.resolve("c1"), null).committed("").length;
        String dir = "/" + "y".repeat(HandoffData.MAX_BYTES - HandoffData.RELAYED_RESERVE - empty + 5);
        HandoffData one = HandoffData.encode(plan(List.of(dir)), 1, tmp.resolve("c1"), null);
        assertTrue(one.fits());
        assertFalse(HandoffData.encode(plan(List.of(dir + "y")), 1, tmp.resolve("c1"), null).fits(),
                "one byte over 1 MiB once the RELAYED record is in");
        byte[] worst = one.committed("1:4294967295,2:4294967295,3:4294967295,10:4294967295,12:4294967295,15:4294967295");
        assertTrue(worst.length <= HandoffData.MAX_BYTES, "the reserve holds the longest RELAYED record");
    }

    /**
     * The commit says what the JVM relayed, and the relay holds what comes after it: the supervisor, which SIGKILLs a
     * JVM that committed, sends the container what it forwarded here that the count does not cover.
     */
    @Test
    void theCommitCountsTheRelayedSignalsAndTheRelayHoldsWhatComesAfter(@TempDir Path tmp) throws Exception {
        Path pipe = tmp.resolve("supervisor-pipe");
        Plan plan = plan(List.of());
        try (FakeHelper h = new FakeHelper(tmp); FileOutputStream held = new FileOutputStream(pipe.toFile())) {
            Launch launch = new Launch(plan, h.session);
            ForegroundRun.SignalRelay relay = new ForegroundRun.SignalRelay();
            relay.received(15); // before the container: held until attach
            relay.attach(launch);
            relay.received(2);
            relay.received(15);
            h.report(Report.Type.HANDED_OFF, 0);
            assertEquals(Report.Type.HANDED_OFF, launch.handOff(new Supervisor(4242, fdOf(pipe)), tmp.resolve("c1"), null, relay).type());
            relay.received(1); // after the commit: the supervisor's to deliver, never relayed twice
            assertArrayEquals(HandoffData.encode(plan, h.process.pid(), tmp.resolve("c1"), null).committed("2:1,15:2"),
                    Files.readAllBytes(pipe));
            List<int[]> sent = h.received();
            assertEquals(List.of("1:15", "1:15", "1:2", "3:4242"), sent.stream().map(r -> r[0] + ":" + r[1]).sorted().toList(),
                    "three SIGNAL records and the HANDOFF; nothing after the commit");
        }
    }

    /** A commit that could not be written: the JVM keeps the wait and relays again, what it held first. */
    @Test
    void aFailedCommitReleasesTheHeldSignals(@TempDir Path tmp) throws Exception {
        try (FakeHelper h = new FakeHelper(tmp)) {
            Launch launch = new Launch(plan(List.of()), h.session);
            ForegroundRun.SignalRelay relay = new ForegroundRun.SignalRelay();
            relay.attach(launch);
            assertEquals("", relay.holdAndCount());
            relay.received(15);
            relay.release();
            relay.received(2);
            assertEquals(List.of("1:15", "1:2"), h.received().stream().map(r -> r[0] + ":" + r[1]).toList());
        }
    }
}
