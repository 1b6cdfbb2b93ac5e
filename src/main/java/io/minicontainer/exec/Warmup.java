package io.minicontainer.exec;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.nio.channels.ServerSocketChannel;

/**
 * Loads and initialises, on a second core while the main thread validates, the JDK classes the
 * helper start needs: the first UNIX-domain {@link ServerSocketChannel} costs ~20 ms cold and the
 * first {@link ProcessBuilder#start} several more. Nothing is opened that outlives the call and
 * nothing is shared with {@link HelperSession}: if the warm-up is slow or fails, the main thread
 * just pays the cost itself.
 */
public final class Warmup {
    private Warmup() {}

    public static void startInBackground() {
        Thread t = new Thread(Warmup::run, "mc-warmup");
        t.setDaemon(true);
        t.start();
    }

    private static void run() {
        try (ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            s.configureBlocking(false);
        } catch (IOException | UnsupportedOperationException ignored) {
            // the main thread will report a real problem when it opens its own socket
        }
        try {
            // static init picks the launch mechanism (posix_spawn via jspawnhelper) and loads libjava bits
            Class.forName("java.lang.ProcessImpl", true, null);
            Class.forName("java.lang.ProcessHandleImpl", true, null);
        } catch (ClassNotFoundException | LinkageError ignored) {
            // another JDK layout: nothing to warm
        }
    }
}
