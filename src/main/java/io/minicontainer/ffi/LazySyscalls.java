package io.minicontainer.ffi;

import jnr.ffi.LibraryLoader;
import jnr.ffi.Runtime;

/** jnr-ffi binding of libc, loaded on the first call (the load costs ~200 ms on JDK 17). */
final class LazySyscalls implements Syscalls {
    static final LazySyscalls INSTANCE = new LazySyscalls();

    /**
     * Only what the verbs need. Never declare a function with exactly six integer parameters:
     * jnr-ffi 2.2.17 on x86-64 passes the return address as the sixth (upstream issue #181).
     */
    public interface LibC {
        int kill(int pid, int signal);
    }

    private volatile LibC libc;

    private LazySyscalls() {}

    private LibC libc() {
        LibC l = libc;
        if (l == null) {
            synchronized (this) {
                if (libc == null) libc = LibraryLoader.create(LibC.class).load("c");
                l = libc;
            }
        }
        return l;
    }

    @Override
    public int kill(int pid, int signal) {
        LibC l = libc();
        return l.kill(pid, signal) == 0 ? 0 : Runtime.getRuntime(l).getLastError();
    }
}
