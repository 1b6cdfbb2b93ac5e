/*
 * libmc-signals.so: kill(2) for the JVM (io.minicontainer.ffi.NativeSignals), one JNI function.
 *
 * Why: the JDK's only kill(2) is ProcessHandle's destroy, whose class initialiser builds the process reaper's
 * executor with the JVM's first lambdas (java.lang.invoke, an ASM-spun LambdaForm): ~6.5 ms of every `kill` and
 * `delete --force`; jnr-ffi's first binding (any other signal) ~200 ms. Loading this library costs well under a
 * millisecond (docs/STARTUP.md, "verbs").
 *
 * The process is pinned before it is signalled, as ProcessHandle does with its start time (of() reads it, destroy
 * reads it again and signals only the same process): pidfd_open(2) refers to the process that has the pid now,
 * and pidfd_send_signal(2) reaches that process or fails with ESRCH, never a process that reused the pid.
 *
 * Returns 0, an errno, or -1 when pidfds cannot be used here (a kernel before 5.3, a thread id that is not a
 * process): the caller then falls back to ProcessHandle. A pid <= 0 (a process group) is plain kill(2).
 */
#define _GNU_SOURCE
#include <jni.h>
#include <errno.h>
#include <signal.h>
#include <stddef.h>
#include <sys/syscall.h>
#include <unistd.h>

#define UNSUPPORTED (-1)

JNIEXPORT jint JNICALL Java_io_minicontainer_ffi_NativeSignals_kill0(JNIEnv *env, jclass cls, jint pid, jint sig) {
    (void) env;
    (void) cls;
    if (pid <= 0) return kill((pid_t) pid, sig) == 0 ? 0 : errno;
    int fd = (int) syscall(SYS_pidfd_open, (pid_t) pid, 0);
    if (fd < 0) return errno == ESRCH ? ESRCH : UNSUPPORTED;
    int rc = (int) syscall(SYS_pidfd_send_signal, fd, sig, NULL, 0);
    int err = errno;
    close(fd);
    return rc == 0 ? 0 : err;
}
