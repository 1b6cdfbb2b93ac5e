/*
 * seccomp-probe: test-only, static, runs inside a container (SeccompIT). Prints what the
 * container's seccomp filter does to a table of syscalls given on the command line:
 *
 *   seccomp-probe LABEL:ABI:NR[:ARG0[,ARG1...]] ...      ABI is 64 (syscall) or 32 (int $0x80)
 *
 * Each call runs in a forked child so a killing action only ends that child. One line per call:
 *   LABEL=ok | LABEL=errno N | LABEL=trap | LABEL=signal N
 * "trap" means SIGSYS reached the child's handler (SCMP_ACT_TRAP); a kill shows as "signal 31".
 * The first line is the Seccomp: field of /proc/self/status. Arguments are unsigned 64-bit.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define TRAPPED 77

static void on_sigsys(int sig) { (void)sig; _exit(TRAPPED); }

static long call32(unsigned long nr, const unsigned long *a)
{
    long ret;
    __asm__ volatile("int $0x80" : "=a"(ret) : "a"(nr), "b"(a[0]), "c"(a[1]), "d"(a[2]), "S"(a[3]), "D"(a[4])
                     : "memory", "r8", "r9", "r10", "r11");
    return ret;
}

static void print_status_field(void)
{
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    while (f && fgets(line, sizeof line, f)) {
        if (strncmp(line, "Seccomp:", 8) == 0) {
            printf("seccomp=%ld\n", strtol(line + 8, NULL, 10));
            fclose(f);
            return;
        }
    }
    printf("seccomp=unknown\n");
    if (f) fclose(f);
}

static void probe(char *spec)
{
    char *label = strtok(spec, ":");
    char *abi = strtok(NULL, ":");
    char *nrs = strtok(NULL, ":");
    char *args = strtok(NULL, ":");
    if (!label || !abi || !nrs) { printf("bad-spec=%s\n", spec); return; }
    unsigned long a[6] = {0};
    for (int i = 0; args && i < 6; i++) {
        a[i] = strtoull(args, &args, 0);
        if (*args != ',') break;
        args++;
    }
    unsigned long nr = strtoul(nrs, NULL, 0);
    fflush(stdout);
    int fds[2];
    if (pipe(fds) < 0) { printf("%s=probe-error pipe %d\n", label, errno); return; }
    pid_t pid = fork();
    if (pid < 0) { printf("%s=probe-error fork %d\n", label, errno); return; }
    if (pid == 0) {
        close(fds[0]);
        struct sigaction sa = {0};
        sa.sa_handler = on_sigsys;
        sigaction(SIGSYS, &sa, NULL);
        long r;
        int err;
        if (strcmp(abi, "32") == 0) {
            r = call32(nr, a);
            err = r < 0 && r > -4096 ? (int)-r : 0;
        } else {
            r = syscall((long)nr, a[0], a[1], a[2], a[3], a[4], a[5]);
            err = r == -1 ? errno : 0;
        }
        if (write(fds[1], &err, sizeof err) != sizeof err) _exit(3);
        _exit(0);
    }
    close(fds[1]);
    int err = -1;
    ssize_t n = read(fds[0], &err, sizeof err);
    close(fds[0]);
    int status;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
    if (WIFSIGNALED(status)) printf("%s=signal %d\n", label, WTERMSIG(status));
    else if (WIFEXITED(status) && WEXITSTATUS(status) == TRAPPED) printf("%s=trap\n", label);
    else if (n == sizeof err && err == 0) printf("%s=ok\n", label);
    else if (n == sizeof err) printf("%s=errno %d\n", label, err);
    else printf("%s=probe-error exit %d\n", label, WIFEXITED(status) ? WEXITSTATUS(status) : -1);
}

int main(int argc, char **argv)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    print_status_field();
    for (int i = 1; i < argc; i++) probe(argv[i]);
    return 0;
}
