package io.minicontainer.exec;

import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.net.SocketException;
import java.net.StandardProtocolFamily;
import java.net.URISyntaxException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import io.minicontainer.timing.Timing;

/**
 * One run of the native helper {@code mc-helper}: Java listens on a unix socket in a private
 * directory, starts the helper with {@link ProcessBuilder}, sends the encoded step list and
 * then reads reports (docs/PROTOCOL.md). The helper's stdin/stdout/stderr become the
 * container's: they are handed over as {@link Redirect}s, never copied through the JVM.
 *
 * <p>The helper binary is {@link #locateHelper()}: system property {@code mc.helper} if set,
 * else the file {@code mc-helper} in the directory of the jar (or classes directory) holding
 * this class, i.e. {@code <jar>/../mc-helper}; the build puts it at {@code target/mc-helper}
 * next to {@code target/mini-container.jar}.
 */
public final class HelperSession implements AutoCloseable {
    /**
     * sockaddr_un.sun_path is 108 bytes including the NUL, but the JDK's bind refuses 107 ("Unix domain path too
     * long"; 106 is the longest JDK 17 binds): a state dir whose socket path came to 107 bytes failed `create`
     * (OciHooksIT, with a random name length at the edge).
     */
    static final int MAX_SOCKET_PATH_BYTES = 106;
    static final String SHORT_DIR_PREFIX = "mc-helper-sock-"; // distinct: only dirs we made are removed

    private final Process process;
    private final SocketChannel channel;
    private final Path socketPath;
    private final ByteBuffer reportBuf = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
    private final Object writeLock = new Object();

    /** Package-private for tests that play the helper's side of {@code channel}; {@link Builder#start} otherwise. */
    HelperSession(Process process, SocketChannel channel, Path socketPath) {
        this.process = process;
        this.channel = channel;
        this.socketPath = socketPath;
    }

    public static Builder builder(Path socketDir) { return new Builder(socketDir); }

    /** Starts the helper with inherited stdio and default timeout, and sends {@code encodedPlan}. */
    public static HelperSession start(Path socketDir, byte[] encodedPlan) throws IOException {
        return builder(socketDir).start(encodedPlan);
    }

    /** The helper binary: {@code -Dmc.helper=...}, else {@code mc-helper} next to the jar. */
    public static Path locateHelper() {
        String prop = System.getProperty("mc.helper");
        if (prop != null && !prop.isEmpty()) return Path.of(prop).toAbsolutePath();
        try {
            Path codeSource = Path.of(HelperSession.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return codeSource.toAbsolutePath().resolveSibling("mc-helper");
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("cannot locate mc-helper: set -Dmc.helper=/path/to/mc-helper", e);
        }
    }

    public static final class Builder {
        private final Path socketDir;
        private Path helper;
        private Redirect stdin = Redirect.INHERIT, stdout = Redirect.INHERIT, stderr = Redirect.INHERIT;
        private Duration acceptTimeout = Duration.ofSeconds(5);

        private Builder(Path socketDir) { this.socketDir = Objects.requireNonNull(socketDir, "socketDir"); }

        public Builder helper(Path helper) { this.helper = helper; return this; }
        public Builder stdin(Redirect r) { this.stdin = Objects.requireNonNull(r); return this; }
        public Builder stdout(Redirect r) { this.stdout = Objects.requireNonNull(r); return this; }
        public Builder stderr(Redirect r) { this.stderr = Objects.requireNonNull(r); return this; }
        public Builder acceptTimeout(Duration d) { this.acceptTimeout = Objects.requireNonNull(d); return this; }

        /** Listens, starts the helper, waits for it to connect and sends the plan. */
        public HelperSession start(byte[] encodedPlan) throws IOException {
            Path binary = helper != null ? helper : locateHelper();
            if (!Files.isExecutable(binary)) throw new IOException("mc-helper not found or not executable: " + binary);
            Path sock = newSocketPath(socketDir);
            ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            Process proc = null;
            SocketChannel ch = null;
            try (server) {
                server.bind(UnixDomainSocketAddress.of(sock), 1);
                Timing.mark("helper socket listening");
                proc = new ProcessBuilder(binary.toString(), sock.toString())
                        .redirectInput(stdin).redirectOutput(stdout).redirectError(stderr).start();
                Timing.mark("helper process started");
                ch = acceptFrom(server, proc, acceptTimeout);
                Timing.mark("helper connected");
                removeSocket(sock); // connected: nobody else may connect
                HelperSession session = new HelperSession(proc, ch, sock);
                session.sendPlan(encodedPlan);
                return session;
            } catch (IOException | RuntimeException e) {
                if (proc != null) proc.destroyForcibly();
                if (ch != null) ch.close();
                removeSocket(sock);
                throw e;
            }
        }
    }

    /** Creates the private directory 0700 and picks a fresh socket name in it. */
    static Path newSocketPath(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        // Uniqueness, not secrecy: the directory is 0700 (SecureRandom would cost start-up time).
        String id = Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffffffL);
        Path sock = dir.toAbsolutePath().resolve("h-" + id + ".sock");
        if (bytes(sock) <= MAX_SOCKET_PATH_BYTES) return sock;
        // containerd's state dir plus a 64-character id overflows sun_path: use a short private dir instead.
        Path shortDir = Files.createTempDirectory(SHORT_DIR_PREFIX,
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        sock = shortDir.resolve("h-" + id + ".sock");
        if (bytes(sock) > MAX_SOCKET_PATH_BYTES) {
            Files.deleteIfExists(shortDir);
            throw new IOException("socket path too long (" + bytes(sock) + " > " + MAX_SOCKET_PATH_BYTES + " bytes): " + sock);
        }
        return sock;
    }

    private static int bytes(Path p) { return p.toString().getBytes(StandardCharsets.UTF_8).length; }

    /** Removes the socket, and the short private dir it was put in when the state dir's path was too long. */
    static void removeSocket(Path sock) throws IOException {
        Files.deleteIfExists(sock);
        Path parent = sock.getParent();
        if (parent != null && parent.getFileName().toString().startsWith(SHORT_DIR_PREFIX)
                && parent.getParent().equals(Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath())) {
            Files.deleteIfExists(parent);
        }
    }

    /** Accepts the helper's connection; fails fast if the helper exits first. */
    private static SocketChannel acceptFrom(ServerSocketChannel server, Process proc, Duration timeout)
            throws IOException {
        server.configureBlocking(false);
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Selector selector = Selector.open()) {
            server.register(selector, SelectionKey.OP_ACCEPT);
            while (true) {
                SocketChannel ch = server.accept();
                if (ch != null) {
                    ch.configureBlocking(true);
                    return ch;
                }
                if (!proc.isAlive())
                    throw new IOException("mc-helper exited with code " + proc.exitValue() + " before connecting");
                long left = deadline - System.nanoTime();
                if (left <= 0)
                    throw new IOException("mc-helper did not connect within " + timeout.toMillis() + " ms");
                selector.select(Math.max(1, Math.min(20, TimeUnit.NANOSECONDS.toMillis(left))));
                selector.selectedKeys().clear();
            }
        }
    }

    private void sendPlan(byte[] plan) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(plan);
        try {
            synchronized (writeLock) {
                while (buf.hasRemaining()) channel.write(buf);
            }
        } catch (IOException e) {
            // The helper rejected the plan early and exited; its PROTOCOL_ERROR is still readable.
            if (process.isAlive()) throw e;
        }
    }

    /** Next report, blocking; {@link Report#EOF} once the helper closed its end. */
    public Report next() throws IOException {
        reportBuf.clear();
        while (reportBuf.hasRemaining()) {
            int n;
            try {
                n = channel.read(reportBuf);
            } catch (SocketException e) {
                // A helper that exits with part of our input unread (protocol error) resets the
                // connection instead of closing it: after its last report that is an EOF too.
                if (reportBuf.position() == 0 && helperExitsSoon()) return Report.EOF;
                throw e;
            }
            if (n < 0) {
                if (reportBuf.position() == 0) return Report.EOF;
                throw new IOException("truncated report from mc-helper (" + reportBuf.position() + " bytes)");
            }
        }
        reportBuf.flip();
        return new Report(Report.Type.of(reportBuf.getInt()), reportBuf.getInt(), reportBuf.getInt(), reportBuf.getInt());
    }

    private boolean helperExitsSoon() {
        try {
            return process.waitFor(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Asks the helper to kill(2) the container process with {@code signo}. */
    public void sendSignal(int signo) throws IOException { sendRecord(1, signo); }

    /** Lets a child waiting in a hook pause go on ({@code true}) or end ({@code false}). */
    public void resume(boolean go) throws IOException { sendRecord(2, go ? 1 : 0); }

    /**
     * Hands the container's wait to the supervisor {@code supervisorPid} (docs/PROTOCOL.md, "The supervisor"):
     * the helper answers HANDED_OFF; from then on this JVM may exit, and the helper exits with the container's status.
     */
    public void handOff(long supervisorPid) throws IOException { sendRecord(3, (int) supervisorPid); }

    /** One Java-to-helper record (PROTOCOL.md): type and one value, in 16 little-endian bytes. */
    private void sendRecord(int type, int value) throws IOException {
        ByteBuffer rec = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putInt(type).putInt(value).putInt(0).putInt(0);
        rec.flip();
        synchronized (writeLock) {
            while (rec.hasRemaining()) channel.write(rec);
        }
    }

    /** Helper exit code: 0 after EXIT/READY/EXECED, 1 after ERROR, 2 on a protocol error. */
    public int waitFor() throws InterruptedException { return process.waitFor(); }

    /** Like {@link #waitFor()} with a timeout; -1 if the helper is still running. */
    public int waitFor(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : -1;
    }

    public long helperPid() { return process.pid(); }

    public Process process() { return process; }

    /** Closes the socket and removes its file. Does not kill the helper (EOF does not stop it). */
    @Override public void close() throws IOException {
        try {
            channel.close();
        } finally {
            removeSocket(socketPath);
        }
    }
}
