/*
 * mc-supervisor: the process a shell waits on for a foreground `run` (docs/PROTOCOL.md, "The supervisor").
 *
 *   mc-supervisor JAVA [JVM-ARGS...]
 *
 * It forks and execs the JVM (adding -Dmc.supervisor=PID:FD in front of the JVM's arguments) and
 * keeps the caller's pid. Until a handoff it only forwards signals to the JVM and exits with the
 * JVM's status. Once the container runs, the JVM may hand the wait over: it writes the cleanup as
 * data to fd FD, then exits; the helper (our child now, as we are a subreaper) exits with the
 * container's status, and we run the cleanup data and exit with that status. A waiting `run` is
 * then this process and the helper, no JVM (~55 MiB resident, ~18 MiB private, before).
 *
 * Dumb on purpose: every value (paths, messages, which cgroups are shared parents) comes from Java.
 * Single-threaded, no allocation on the signal path, static.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* Records Java writes (tag byte, u32 little-endian length, bytes). Mirrors exec/HandoffData.java. */
enum tag {
    T_HELPER_PID = 'H',     /* decimal pid of the helper: its exit status is the container's */
    T_CGROUP = 'C',         /* a container cgroup dir: thaw, SIGKILL what is left, rmdir (ENOENT: done) */
    T_SHARED_PARENT = 'P',  /* a parent cgroup other containers may share: rmdir, busy is fine */
    T_OOM_DIR = 'O',        /* a container cgroup dir whose memory counters tell an OOM kill */
    T_OOM_MESSAGE = 'M',    /* printed when the container died of SIGKILL and a counter says OOM */
    T_STATE_DIR = 'S',      /* removed at the end, never following a symlink */
    T_LOCK_FILE = 'L',      /* the id's lock file: removed under its lock once the state dir is gone */
    T_ERROR_PREFIX = 'E',   /* "mini-container: " (how the CLI starts a runtime failure's line) */
    T_KEPT_MESSAGE = 'K',   /* printed when a cleanup failed: the state stays for `delete --force` */
    T_RELAYED = 'R',        /* "signo:count,...": the signals the JVM relayed to the container before it committed */
    T_COMMIT = 'Z',         /* the last record: without it nothing was handed over */
};

#define MAX_DATA (1U << 20)
#define MAX_RECORDS 256
#define EXIT_RUNTIME_FAILURE 71
#define EMPTY_WAIT_MS 2000
#define POLL_MS 20
#define RMDIR_ATTEMPTS 5
#define RMDIR_RETRY_MS 50

struct record { char tag; uint32_t len; char *text; };  /* text: len bytes and a NUL */
static struct record records[MAX_RECORDS];
static int nrecords;
static bool committed;

static uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

static void sleep_ms(long ms)
{
    struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
    while (nanosleep(&ts, &ts) < 0 && errno == EINTR) {}
}

/* --- the data channel: read everything the JVM writes until it closes its end (it exits) --- */

static char *data;
static size_t data_len, data_cap;

static bool read_data(int fd)
{
    for (;;) {
        if (data_len == data_cap) {
            if (data_cap >= MAX_DATA) return false;
            size_t cap = data_cap ? data_cap * 2 : 4096;
            char *p = realloc(data, cap);
            if (!p) return false;
            data = p;
            data_cap = cap;
        }
        ssize_t n = read(fd, data + data_len, data_cap - data_len);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && errno == EAGAIN) return true;
        if (n <= 0) return false;  /* EOF: every write end is closed */
        data_len += (size_t)n;
    }
}

/* Splits the data into records up to COMMIT. Called after each read until committed; the caller then stops
 * reading, so a commit is final whatever the reads' boundaries were, and bytes after it are never looked at. */
static void parse_data(void)
{
    for (int i = 0; i < nrecords; i++) free(records[i].text);
    nrecords = 0;
    committed = false;
    size_t off = 0;
    while (off + 5 <= data_len && nrecords < MAX_RECORDS) {
        const unsigned char *p = (const unsigned char *)data + off + 1;
        uint32_t len = (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
        if (len > data_len - off - 5) return;
        char *text = malloc((size_t)len + 1);
        if (!text) return;
        memcpy(text, data + off + 5, len);
        text[len] = 0;
        char tag = data[off];
        records[nrecords++] = (struct record){ tag, len, text };
        off += 5 + (size_t)len;
        if (tag == T_COMMIT) { committed = true; return; }
    }
}

/* CGROUP and SHARED_PARENT carry "dir NUL suffix": the suffix ends a failure's line (the config pointers). */
static const char *suffix_of(const struct record *r)
{
    size_t dir_len = strlen(r->text);
    return dir_len < r->len ? r->text + dir_len + 1 : "";
}

static const char *first(char tag)
{
    for (int i = 0; i < nrecords; i++) if (records[i].tag == tag) return records[i].text;
    return NULL;
}

/* --- the cleanup, as CgroupCleaner and ForegroundRun do it in Java --- */

static char problems[8192];

static const char *problem_suffix = "";

/* Cut at the buffer's end on purpose; not inlined, so that gcc does not warn about it at each caller. */
__attribute__((noinline)) static void problem(const char *what, const char *file, const char *reason)
{
    size_t used = strlen(problems);
    snprintf(problems + used, sizeof problems - used, "%s%s: %s: %s%s", used ? "; " : "", what, file, reason, problem_suffix);
}

static bool read_small(const char *path, char *buf, size_t cap)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return false;
    ssize_t n = read(fd, buf, cap - 1);
    close(fd);
    if (n < 0) return false;
    buf[n] = 0;
    return true;
}

static void write_small(const char *path, const char *text)
{
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0) return;
    if (write(fd, text, strlen(text)) < 0) { /* best effort: a frozen leftover is reported below */ }
    close(fd);
}

static void thaw(const char *dir)
{
    char path[4200], buf[64];
    snprintf(path, sizeof path, "%s/freezer.state", dir);
    if (read_small(path, buf, sizeof buf) && strncmp(buf, "THAWED", 6) != 0) write_small(path, "THAWED");
    snprintf(path, sizeof path, "%s/cgroup.freeze", dir);
    if (read_small(path, buf, sizeof buf)) write_small(path, "0");
}

/* One pass over cgroup.procs: SIGKILL every pid it lists, named in `pids`. Returns 1 if it listed any, 0 if
 * none, -1 with a problem reported. A number is taken only once its line is complete: a read can end inside
 * one (more pids than a buffer holds), and a pid cut short is some other process. As CgroupCleaner: the whole
 * list is read before anything is killed, so a wrong directory (a hierarchy's root) loses nobody. */
static int kill_listed(const char *what, const char *procs, char *pids, size_t pids_cap)
{
    int fd = open(procs, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        if (errno == ENOENT) return 0;  /* `delete --force` was first */
        problem(what, procs, strerror(errno));
        return -1;
    }
    static pid_t *listed;
    static size_t listed_cap;
    size_t count = 0, have = 0;
    char buf[4096];
    const char *refused = NULL;
    for (;;) {
        ssize_t n = read(fd, buf + have, sizeof buf - 1 - have);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) { refused = strerror(errno); break; }
        if (n == 0) break;  /* a last line without its newline is not taken: the kernel ends every line */
        have += (size_t)n;
        char *line = buf, *nl;
        while ((nl = memchr(line, '\n', (size_t)(buf + have - line))) != NULL) {
            *nl = 0;
            char *start = line, *end;
            long pid = strtol(start, &end, 10);
            line = nl + 1;
            if (end == start || *end != 0 || pid <= 0 || pid > INT32_MAX) continue;
            if (pid == getpid() || pid == 1) refused = "refusing to kill: this cgroup holds the runtime itself or pid 1";
            if (count == listed_cap) {
                size_t cap = listed_cap ? listed_cap * 2 : 1024;
                pid_t *p = cap <= (1U << 22) ? realloc(listed, cap * sizeof *p) : NULL;  /* pid_max is at most 2^22 */
                if (!p) { refused = "too many pids to list"; break; }
                listed = p;
                listed_cap = cap;
            }
            listed[count++] = (pid_t)pid;
        }
        if (refused) break;
        have = (size_t)(buf + have - line);
        memmove(buf, line, have);
        if (have == sizeof buf - 1) { refused = "a line longer than any pid"; break; }
    }
    close(fd);
    if (refused) { problem(what, procs, refused); return -1; }
    snprintf(pids, pids_cap, "[");
    for (size_t i = 0; i < count; i++) {
        kill(listed[i], SIGKILL);
        size_t used = strlen(pids);
        snprintf(pids + used, pids_cap - used, "%s%ld", i ? ", " : "", (long)listed[i]);
    }
    return count > 0;
}

/* Kills what is left in a container cgroup (processes outside a PID namespace may outlive its first). */
static bool empty_cgroup(const char *what, const char *dir)
{
    char procs[4200], pids[1024];
    snprintf(procs, sizeof procs, "%s/cgroup.procs", dir);
    uint64_t deadline = now_ns() + EMPTY_WAIT_MS * 1000000ULL;
    for (;;) {
        int listed = kill_listed(what, procs, pids, sizeof pids);
        if (listed <= 0) return listed == 0;
        if (now_ns() > deadline) {
            char reason[1100];
            snprintf(reason, sizeof reason, "processes still present after SIGKILL: %s]", pids);
            problem(what, procs, reason);
            return false;
        }
        sleep_ms(POLL_MS);
    }
}

static void remove_cgroup(const struct record *r, bool shared_parent)
{
    const char *dir = r->text;
    problem_suffix = suffix_of(r);
    char what[4200];
    snprintf(what, sizeof what, "remove cgroup %s", dir);
    if (!shared_parent) {
        struct stat st;
        if (stat(dir, &st) < 0 || !S_ISDIR(st.st_mode)) return;  /* already gone: cleanup must be repeatable */
        if (!empty_cgroup(what, dir)) return;
    }
    for (int attempt = 1; ; attempt++) {
        if (rmdir(dir) == 0 || errno == ENOENT) return;
        bool busy = errno == EBUSY || errno == ENOTEMPTY;
        if (busy && shared_parent) return;  /* still used by another container: the last one removes it */
        if (!busy || attempt >= RMDIR_ATTEMPTS) { problem(what, dir, strerror(errno)); return; }
        sleep_ms(RMDIR_RETRY_MS);
    }
}

static long counter(const char *text, const char *key)
{
    size_t klen = strlen(key);
    for (const char *p = text; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL)
        if (strncmp(p, key, klen) == 0 && p[klen] == ' ') return strtol(p + klen + 1, NULL, 10);
    return -1;
}

/* CgroupStats.oomKilled: v2 memory.events, else v1 memory.oom_control, else memory.failcnt. */
static bool oom_killed(void)
{
    char path[4200], buf[4096];
    for (int i = 0; i < nrecords; i++) {
        if (records[i].tag != T_OOM_DIR) continue;
        snprintf(path, sizeof path, "%s/memory.events", records[i].text);
        if (read_small(path, buf, sizeof buf)) return counter(buf, "oom_kill") > 0;
        snprintf(path, sizeof path, "%s/memory.oom_control", records[i].text);
        if (read_small(path, buf, sizeof buf)) {
            long kills = counter(buf, "oom_kill");
            if (kills >= 0) return kills > 0;
            snprintf(path, sizeof path, "%s/memory.failcnt", records[i].text);
            return read_small(path, buf, sizeof buf) && strtol(buf, NULL, 10) > 0;
        }
    }
    return false;
}

/* Removes a directory tree without following a symlink anywhere (openat O_NOFOLLOW, unlinkat). */
static void remove_tree_at(int parent, const char *name, int depth)
{
    if (depth > 16) return;
    int fd = openat(parent, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) { unlinkat(parent, name, 0); return; }  /* not a directory (or a symlink): unlink the name */
    DIR *d = fdopendir(fd);
    if (!d) { close(fd); return; }
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
        /* not d_type (DT_UNKNOWN on some file systems): remove_tree_at unlinks whatever is no directory */
        remove_tree_at(dirfd(d), e->d_name, depth + 1);
    }
    closedir(d);
    unlinkat(parent, name, AT_REMOVEDIR);
}

static void remove_state_dir(const char *dir)
{
    char copy[4200];
    if (snprintf(copy, sizeof copy, "%s", dir) >= (int)sizeof copy) return;  /* cut short it could name a sibling */
    char *slash = strrchr(copy, '/');
    if (!slash || slash == copy || !slash[1]) return;
    *slash = 0;
    int parent = open(copy, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (parent < 0) return;
    remove_tree_at(parent, slash + 1, 0);
    close(parent);
}

/* ContainerOps.forgetLockIfGone: under the lock, unlink it when the container is gone (a waiter sees the inode change). */
static void forget_lock(const char *lock_file, const char *state_dir)
{
    int fd = open(lock_file, O_RDWR | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) return;
    struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET };
    uint64_t deadline = now_ns() + 2000ULL * 1000000ULL;
    while (fcntl(fd, F_SETLK, &fl) < 0) {
        if (now_ns() > deadline) { close(fd); return; }  /* a verb holds it: the lock file is harmless */
        sleep_ms(POLL_MS);
    }
    struct stat held, named, dir;
    if (fstat(fd, &held) == 0 && lstat(lock_file, &named) == 0 && held.st_ino == named.st_ino &&
        held.st_dev == named.st_dev && lstat(state_dir, &dir) < 0 && errno == ENOENT)
        unlink(lock_file);
    close(fd);  /* releases the lock */
}

/* Everything ForegroundRun does after the container's exit, from Java's data; returns the exit status. */
static int clean_up(int status)
{
    const char *oom_message = first(T_OOM_MESSAGE);
    bool oom = status == 128 + SIGKILL && oom_message && oom_killed();
    /* A frozen task cannot act on SIGKILL, and the freezer may come after the hierarchy we empty first. */
    for (int i = 0; i < nrecords; i++) if (records[i].tag == T_CGROUP) thaw(records[i].text);
    for (int i = 0; i < nrecords; i++) {
        if (records[i].tag == T_CGROUP) remove_cgroup(&records[i], false);
        if (records[i].tag == T_SHARED_PARENT) remove_cgroup(&records[i], true);
    }
    const char *state_dir = first(T_STATE_DIR), *lock_file = first(T_LOCK_FILE);
    if (problems[0]) {
        const char *prefix = first(T_ERROR_PREFIX), *kept = first(T_KEPT_MESSAGE);
        if (kept) fprintf(stderr, "%s\n", kept);  /* the order ForegroundRun's finally and BaseCommand print them in */
        fprintf(stderr, "%scleanup: %s\n", prefix ? prefix : "", problems);
        return EXIT_RUNTIME_FAILURE;
    }
    if (oom) fprintf(stderr, "%s\n", oom_message);
    if (state_dir) remove_state_dir(state_dir);
    if (lock_file && state_dir) forget_lock(lock_file, state_dir);
    return status;
}

/* --- the JVM, signals and the wait --- */

static int shell_status(int status)
{
    if (WIFEXITED(status)) return WEXITSTATUS(status);
    if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
    return 255;
}

static const int FORWARDED[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2 };

/* The signals forwarded to the JVM, by number. The JVM may get one too late to relay it: we SIGKILL it once it
 * has committed, and its handler runs on a thread of its own. Its commit says how many of each it relayed
 * (T_RELAYED); the rest goes to the helper (ExitAndSignalsIT lost about 1 in 10 before). */
static unsigned forwarded_to_jvm[65];

static void send_unrelayed(pid_t helper)
{
    const char *relayed = first(T_RELAYED);
    if (!relayed) return;  /* a JVM that says nothing relayed everything it got */
    unsigned counted[65] = { 0 };
    for (const char *p = relayed; *p;) {
        char *end;
        unsigned long signo = strtoul(p, &end, 10);
        if (end == p || *end != ':') break;
        const char *count = end + 1;
        unsigned long n = strtoul(count, &end, 10);
        if (end == count) break;
        if (signo < 65) counted[signo] = n > UINT32_MAX ? UINT32_MAX : (unsigned)n;
        if (*end != ',') break;
        p = end + 1;
    }
    for (int signo = 1; signo < 65; signo++)
        for (unsigned i = counted[signo]; i < forwarded_to_jvm[signo]; i++) kill(helper, signo);
}

static pid_t start_jvm(int argc, char **argv, const sigset_t *old_mask, int data_write)
{
    pid_t parent = getpid();
    pid_t pid = fork();
    if (pid != 0) return pid;
    /* A SIGKILLed supervisor takes the JVM with it, whose EOF makes the helper kill the container. */
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent) _exit(EXIT_RUNTIME_FAILURE);
    /* A caller that ignores these (a background job of a script ignores INT and QUIT) passes SIG_IGN on through
     * exec, and the JVM then silently skips its handlers: what we forward to it before the handoff was lost
     * (ExitAndSignalsIT's INT case, about half the time). We receive them through the signalfd, blocked, which
     * works whatever the disposition; the JVM needs them at their default to relay them, as runc's run does. */
    for (size_t i = 0; i < sizeof FORWARDED / sizeof *FORWARDED; i++) signal(FORWARDED[i], SIG_DFL);
    sigprocmask(SIG_SETMASK, old_mask, NULL);
    fcntl(data_write, F_SETFD, 0);  /* the JVM's only extra fd; its children (ProcessBuilder) never get it */
    char property[64];
    snprintf(property, sizeof property, "-Dmc.supervisor=%d:%d", (int)parent, data_write);
    char **args = calloc((size_t)argc + 2, sizeof *args);
    if (!args) _exit(EXIT_RUNTIME_FAILURE);
    args[0] = argv[1];
    args[1] = property;
    for (int i = 2; i < argc; i++) args[i] = argv[i];
    execvp(args[0], args);
    fprintf(stderr, "mini-container: cannot start %s: %s\n", args[0], strerror(errno));
    _exit(127);
}

int main(int argc, char **argv)
{
    if (argc < 2) { fprintf(stderr, "usage: mc-supervisor JAVA [ARGS...]\n"); return 64; }
    /* Orphans of our subtree come to us: the helper, once the JVM that started it has exited. */
    prctl(PR_SET_CHILD_SUBREAPER, 1);
    signal(SIGCHLD, SIG_DFL);
    sigset_t mask, old_mask;
    sigemptyset(&mask);
    for (size_t i = 0; i < sizeof FORWARDED / sizeof *FORWARDED; i++) sigaddset(&mask, FORWARDED[i]);
    sigaddset(&mask, SIGCHLD);
    sigprocmask(SIG_BLOCK, &mask, &old_mask);
    int sigfd = signalfd(-1, &mask, SFD_CLOEXEC | SFD_NONBLOCK);
    int pipefd[2];
    if (sigfd < 0 || pipe2(pipefd, O_CLOEXEC) < 0) { perror("mini-container: supervisor"); return EXIT_RUNTIME_FAILURE; }
    fcntl(pipefd[0], F_SETFL, O_NONBLOCK);
    pid_t jvm = start_jvm(argc, argv, &old_mask, pipefd[1]);
    close(pipefd[1]);
    if (jvm < 0) { perror("mini-container: fork"); return EXIT_RUNTIME_FAILURE; }

    pid_t helper = -1, target = jvm;
    int jvm_status = -1, helper_status = -1;
    bool data_open = true, resend = false;
    for (;;) {
        struct pollfd fds[2] = { { sigfd, POLLIN, 0 }, { data_open ? pipefd[0] : -1, POLLIN, 0 } };
        if (poll(fds, 2, -1) < 0 && errno != EINTR) break;
        if (fds[1].revents) {
            bool more = read_data(pipefd[0]);
            parse_data();
            /* After the commit the JVM writes nothing (it may even be gone): whatever else comes is ignored. Before,
             * a commit with bytes after it in the same read was ignored, and the same bytes read in two parts were
             * not: a JVM that believed it had handed off left nobody to wait, and `run` said 0 (SupervisorTest). */
            if (!more || committed) { data_open = false; close(pipefd[0]); }
            if (committed && helper < 0 && first(T_HELPER_PID)) {
                helper = (pid_t)atoi(first(T_HELPER_PID));
                target = helper;  /* signals now go to the helper, which forwards them to the container */
                resend = true;    /* once the JVM is reaped, below */
                /* The JVM has nothing left to do after its commit, but a JDK 17 JVM that exits while a thread
                 * is blocked in native code (its process reaper, in waitpid for the still running helper)
                 * waits 300 ms in VM_Exit for it: measured 0.40 s from the commit to the JVM's exit. */
                if (jvm_status < 0) kill(jvm, SIGKILL);
            }
        }
        struct signalfd_siginfo si;
        while (read(sigfd, &si, sizeof si) == (ssize_t)sizeof si) {
            if (si.ssi_signo == SIGCHLD) continue;
            /* A terminal's Ctrl-C reaches the whole foreground group (JVM, helper, container) already. */
            if (si.ssi_code == SI_KERNEL) continue;
            if (target > 0) kill(target, (int)si.ssi_signo);
            if (target == jvm && si.ssi_signo < 65) forwarded_to_jvm[si.ssi_signo]++;
        }
        int status;
        pid_t pid;
        while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
            if (pid == jvm) jvm_status = status;
            else if (pid == helper) helper_status = status;
            /* anything else is an orphan of ours (a daemonised hook): reaped and forgotten */
        }
        /* What the JVM did not relay goes to the helper only once the JVM is reaped: a helper that ended at once could
         * otherwise still be reaped by the dying JVM (SupervisorTest's stand-in was, 1 run in CI: "not our child").
         * Not after the helper is reaped either: its pid could be another process's by then. */
        if (resend && jvm_status >= 0 && helper_status < 0) {
            send_unrelayed(helper);
            resend = false;
        }
        if (jvm_status < 0) continue;
        if (helper < 0) {
            if (data_open) continue;  /* the JVM's last bytes may still be in the pipe: wait for its EOF */
            return shell_status(jvm_status);  /* no handoff: the JVM's word is final */
        }
        if (helper_status >= 0) return clean_up(shell_status(helper_status));
        /* Asked by pid: waitpid(-1) never says ECHILD while another orphan of ours lives (a daemonised hook,
         * re-parented to us as the subreaper), which left the supervisor waiting for that orphan instead. */
        pid = helper > 0 ? waitpid(helper, &status, WNOHANG) : (errno = ECHILD, -1);  /* 0 or less: a group */
        if (pid == helper) return clean_up(shell_status(status));
        if (pid < 0 && errno == ECHILD) {
            fprintf(stderr, "%sthe native helper %d is not our child: the container's status is lost\n",
                    first(T_ERROR_PREFIX) ? first(T_ERROR_PREFIX) : "", (int)helper);
            clean_up(EXIT_RUNTIME_FAILURE);
            return EXIT_RUNTIME_FAILURE;
        }
    }
    return EXIT_RUNTIME_FAILURE;
}
