package io.minicontainer.ffi;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * kill(2) through our own one-function JNI library ({@code libmc-signals.so}, built next to {@code mc-helper}
 * from src/main/c/mc-signals.c): every signal, the process pinned by a pidfd before it is signalled (the same
 * pid-reuse guard as ProcessHandle's start-time check). Measured against {@link JdkSignals} (ProcessHandle),
 * whose class initialiser made the JVM's first lambdas: see docs/STARTUP.md ("verbs"). Without the library
 * (no {@code -Dmc.helper}, not built, not loadable) or where pidfds do not work, {@link JdkSignals} answers
 * as before.
 */
final class NativeSignals implements Syscalls {
    /** Loads nothing: the library is loaded on the first kill (every verb makes its Syscalls; few signal). */
    static final NativeSignals INSTANCE = new NativeSignals();
    static final String LIBRARY = "libmc-signals.so";
    private static final int UNSUPPORTED = -1;

    private NativeSignals() {}

    /** The library beside the helper binary ({@code -Dmc.helper}, which the launcher and the builds' tests set). */
    static Path library() {
        String helper = System.getProperty("mc.helper");
        return helper == null || helper.isEmpty() ? null : Path.of(helper).toAbsolutePath().resolveSibling(LIBRARY);
    }

    /** Whether the library was found and loaded (a class of its own: loaded once, on first use). */
    static boolean loaded() { return Library.LOADED; }

    private static final class Library {
        static final boolean LOADED = load();

        private static boolean load() {
            Path lib = library();
            if (lib == null || !Files.isRegularFile(lib)) return false;
            try {
                System.load(lib.toString());
                return true;
            } catch (UnsatisfiedLinkError | SecurityException e) {
                return false;
            }
        }
    }

    @Override
    public int kill(int pid, int signal) {
        int result = Library.LOADED ? kill0(pid, signal) : UNSUPPORTED;
        return result == UNSUPPORTED ? JdkSignals.INSTANCE.kill(pid, signal) : result;
    }

    /** 0, an errno, or -1: no pidfd for this pid here (use the fallback). */
    private static native int kill0(int pid, int signal);
}
