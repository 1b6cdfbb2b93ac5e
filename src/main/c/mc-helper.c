/*
 * mc-helper: the native pre-exec window of mini-container.
 *
 * A dumb, single-threaded step interpreter. Java decides everything and sends a step list
 * over an AF_UNIX socket (docs/PROTOCOL.md); this program executes the steps in order and
 * reports pid / step / ready / execed / error / exit records back. No policy lives here.
 *
 * Layout of this file:
 *   1. small utilities (time, full reads/writes, reports)
 *   2. self re-exec from a sealed memfd (CVE-2019-5736 defence)
 *   3. protocol reading and validation
 *   4. per-op functions (one per Op)
 *   5. child runner (steps between clone and execve)
 *   6. parent: pre-clone steps, clone, post-clone steps, event loop
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <sys/personality.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>
#include <linux/bpf.h>
#include <linux/capability.h>
#include <linux/openat2.h>
#include <linux/filter.h>
#include <linux/sched.h>
#include <linux/seccomp.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/sendfile.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/statfs.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <dirent.h>

#ifndef MFD_EXEC
#define MFD_EXEC 0x0010U
#endif
#ifndef CLOSE_RANGE_CLOEXEC
#define CLOSE_RANGE_CLOEXEC (1U << 2)
#endif
#ifndef TIOCGPTPEER
#define TIOCGPTPEER _IO('T', 0x41)
#endif

extern char **environ;

/* ---------------------------------------------------------------- 1. utilities */

enum op {
    OP_CGROUP_JOIN = 1, OP_MKFIFO, OP_SETNS, OP_CLONE, OP_WRITE_FILE, OP_MOUNT, OP_SYMLINK,
    OP_PIVOT_ROOT, OP_MASK_PATH, OP_SETHOSTNAME, OP_SETDOMAINNAME, OP_SETRLIMIT,
    OP_SETGROUPS, OP_SETRESGID, OP_SETRESUID, OP_CAPBSET_KEEP, OP_CAPSET, OP_AMBIENT_SET,
    OP_NO_NEW_PRIVS, OP_UMASK, OP_CHDIR, OP_CLOSE_FDS, OP_AWAIT_START, OP_EXEC,
    OP_WRITE_CHILD_FILE, OP_CONSOLE, OP_SETSID, OP_OPEN_FIFO, OP_CONSOLE_CONNECT,
    OP_SECCOMP = 30,
    OP_MKNOD = 31, OP_DEVICE_FILTER = 32,
    OP_USERNS_ROOT = 34, OP_CHROOT = 35,
    OP_HOOK = 36,
    OP_PERSONALITY = 40, OP_IOPRIO_SET = 41,
    OP_TMPCOPYUP = 43,
    OP_SECCOMP_NOTIFY = 50,
    OP_PID_ALIVE = 51,
    OP_MAX = OP_PID_ALIVE
};

enum report_type { R_PID = 1, R_STEP, R_READY, R_EXECED, R_ERROR, R_EXIT, R_PROTOCOL_ERROR, R_PAUSED = 8, R_HANDED_OFF = 9 };

/* Java -> helper records after the plan. */
enum java_record { J_SIGNAL = 1, J_RESUME = 2, J_HANDOFF = 3 };

/* HOOK modes (ints[0]). */
#define HOOK_PAUSE 0
#define HOOK_RUN 1

/* Child -> parent only, never sent to Java: the child is about to execve. Without it, an EOF
 * on the sync channel means the child died before exec (no EXECED, just EXIT). */
#define CHILD_EXEC_BEGIN 100
/* Child -> parent only: carries the pty master (SCM_RIGHTS) for a CONSOLE with no socket path. */
#define CHILD_CONSOLE_MASTER 101
/* Child -> parent only: carries a seccomp listener fd (SCM_RIGHTS); a = the SECCOMP_NOTIFY step's plan index. */
#define CHILD_SECCOMP_LISTENER 102

enum protocol_error {
    PE_SHORT_READ = 1, PE_BAD_MAGIC, PE_BAD_VERSION, PE_TOO_LARGE, PE_UNKNOWN_OP, PE_BAD_ARITY,
    PE_BAD_STRUCTURE, PE_BAD_MODE
};

#define MAGIC 0x3148434dU
#define VERSION 1U
#define MODE_TRACE 1U
#define MODE_DETACH 2U

/* Limits keep a hostile or buggy plan from making the helper big (it must fit 8 MiB cgroups). */
#define MAX_STEPS 4096U
#define MAX_INTS 65536U
#define MAX_STRS 65536U
#define MAX_STR_LEN (1U << 20)
#define MAX_PLAN_BYTES (16U << 20)

#define MOUNT_TARGET_IN_ROOT 1
#define MOUNT_MKDIR 2
#define MOUNT_MKFILE 4
#define MOUNT_LIKE_SOURCE 8
#define MOUNT_IGNORE_MISSING 16

/* Each round creates one component or follows one dangling symlink. */
#define MAX_CREATE_ROUNDS 512

struct str { char *p; uint32_t len; };

struct step {
    uint32_t op, plan_index, nints, nstrs;
    int64_t *ints;
    struct str *strs;
};

struct plan {
    uint32_t mode, nsteps;
    struct step *steps;
    int clone_at;               /* index of the CLONE step */
};

static int java_fd = -1;        /* socket to Java */

static uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

static int32_t micros_since(uint64_t t0)
{
    uint64_t us = (now_ns() - t0) / 1000;
    return us > INT32_MAX ? INT32_MAX : (int32_t)us;
}

/* Reads exactly n bytes; returns 0, or -1 on EOF/error (errno 0 on a clean EOF). */
static int read_full(int fd, void *buf, size_t n)
{
    char *p = buf;
    while (n > 0) {
        ssize_t r = read(fd, p, n);
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) { if (r == 0) errno = 0; return -1; }
        p += r; n -= (size_t)r;
    }
    return 0;
}

static int write_full(int fd, const void *buf, size_t n)
{
    const char *p = buf;
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR) continue;
        if (w < 0) return -1;
        p += w; n -= (size_t)w;
    }
    return 0;
}

static void put_u32(unsigned char *b, uint32_t v)
{
    b[0] = (unsigned char)v; b[1] = (unsigned char)(v >> 8);
    b[2] = (unsigned char)(v >> 16); b[3] = (unsigned char)(v >> 24);
}

static uint32_t get_u32(const unsigned char *b)
{
    return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
}

/* Java may be gone (a detached create whose JVM died): MSG_NOSIGNAL, errors ignored. */
static void report(uint32_t type, int32_t a, int32_t b, int32_t c)
{
    unsigned char rec[16];
    put_u32(rec, type); put_u32(rec + 4, (uint32_t)a);
    put_u32(rec + 8, (uint32_t)b); put_u32(rec + 12, (uint32_t)c);
    size_t off = 0;
    while (java_fd >= 0 && off < sizeof rec) {
        ssize_t w = send(java_fd, rec + off, sizeof rec - off, MSG_NOSIGNAL);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) return;
        off += (size_t)w;
    }
}

static bool decode_only;        /* --decode: print the steps, execute nothing */

static void die_protocol(int code)
{
    if (decode_only) {
        printf("protocol-error %d\n", code);
        fflush(stdout);
        _exit(2);
    }
    report(R_PROTOCOL_ERROR, code, 0, 0);
    _exit(2);
}

/* Only for failures that happen before Java can be told anything. */
static void restore_tty(void);

static void die_early(const char *what)
{
    restore_tty(); /* a relay that had made the caller's terminal raw must not leave it so */
    fprintf(stderr, "mc-helper: %s: %s\n", what, strerror(errno));
    _exit(2);
}

/* "" stands for NULL where a pointer may be NULL (mount source, fstype, data). */
static const char *or_null(const struct str *s) { return s->len ? s->p : NULL; }

/* ------------------------------------------- 2. re-exec from a sealed memfd copy */

#define ALL_SEALS (F_SEAL_SEAL | F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE)

/*
 * A container process can open /proc/<helper-pid>/exe while the helper runs (runc
 * CVE-2019-5736). We therefore never run from the installed file: we run from a sealed,
 * anonymous copy that nobody can write. The guard is the seal itself: if our own executable
 * already carries all seals, this is the copy (no env var or argv marker to spoof or leak).
 */
static bool running_from_sealed_copy(int exe_fd)
{
    int seals = fcntl(exe_fd, F_GET_SEALS);
    return seals >= 0 && (seals & ALL_SEALS) == ALL_SEALS;
}

static int create_exec_memfd(void)
{
    int fd = memfd_create("mc-helper", MFD_CLOEXEC | MFD_ALLOW_SEALING | MFD_EXEC);
    if (fd < 0 && errno == EINVAL)  /* kernels before 6.3 do not know MFD_EXEC */
        fd = memfd_create("mc-helper", MFD_CLOEXEC | MFD_ALLOW_SEALING);
    return fd;
}

static void reexec_from_sealed_memfd(char **argv)
{
    int exe = open("/proc/self/exe", O_RDONLY | O_CLOEXEC);
    if (exe < 0) die_early("open /proc/self/exe");
    if (running_from_sealed_copy(exe)) { close(exe); return; }

    struct stat st;
    if (fstat(exe, &st) < 0) die_early("fstat /proc/self/exe");
    int mfd = create_exec_memfd();
    if (mfd < 0) die_early("memfd_create");
    for (off_t left = st.st_size; left > 0;) {
        ssize_t n = sendfile(mfd, exe, NULL, (size_t)left);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) die_early("copy /proc/self/exe to memfd");
        left -= n;
    }
    if (fcntl(mfd, F_ADD_SEALS, ALL_SEALS) < 0) die_early("seal memfd");
    close(exe);
    fexecve(mfd, argv, environ);
    die_early("fexecve sealed memfd");
}

/* ------------------------------------------------ 3. protocol reading/validation */

/* Arity of each op: ints and strings a step carries (-1: variable, checked separately). The same
 * table is plan/Op.java; OpTableTest compares the two. Ops not listed here are unknown. */
struct arity { int8_t ints; int8_t strs; bool known; const char *name; };
#define A(op, i, s) [OP_##op] = { (i), (s), true, #op }

static const struct arity ARITY[OP_MAX + 1] = {
    A(CGROUP_JOIN, 0, 1), A(MKFIFO, 1, 1), A(SETNS, 1, 1), A(CLONE, 2, 0),
    A(WRITE_FILE, 0, 2), A(MOUNT, 2, 5), A(SYMLINK, 0, 3), A(PIVOT_ROOT, 0, 1),
    A(MASK_PATH, 0, 1), A(SETHOSTNAME, 0, 1), A(SETDOMAINNAME, 0, 1),
    A(SETRLIMIT, 3, 0), A(SETGROUPS, -1, 0), A(SETRESGID, 1, 0),
    A(SETRESUID, 1, 0), A(CAPBSET_KEEP, 2, 0), A(CAPSET, 3, 0),
    A(AMBIENT_SET, 2, 0), A(NO_NEW_PRIVS, 0, 0), A(UMASK, 1, 0),
    A(CHDIR, 0, 1), A(CLOSE_FDS, 1, 0), A(AWAIT_START, 0, 1), A(EXEC, 3, -1),
    A(WRITE_CHILD_FILE, 0, 2), A(CONSOLE, 2, 1), A(SETSID, 0, 0),
    A(OPEN_FIFO, 0, 1), A(CONSOLE_CONNECT, 0, 1), A(MKNOD, 5, 2),
    A(DEVICE_FILTER, -1, 1), A(HOOK, 4, -1), A(USERNS_ROOT, 0, 0),
    A(CHROOT, 0, 1), A(SECCOMP, 1, 1), A(PERSONALITY, 1, 0),
    A(IOPRIO_SET, 1, 0), A(TMPCOPYUP, 1, 2), A(SECCOMP_NOTIFY, 2, -1),
    A(PID_ALIVE, 2, 0),
};

static bool op_known(uint32_t op) { return op >= 1 && op <= OP_MAX && ARITY[op].known; }

static size_t plan_bytes;

static void *plan_alloc(size_t n)
{
    plan_bytes += n;
    if (plan_bytes > MAX_PLAN_BYTES) die_protocol(PE_TOO_LARGE);
    void *p = calloc(1, n ? n : 1);
    if (!p) die_protocol(PE_TOO_LARGE);
    return p;
}

static uint32_t read_u32(void)
{
    unsigned char b[4];
    if (read_full(java_fd, b, 4) < 0) die_protocol(PE_SHORT_READ);
    return get_u32(b);
}

static int64_t read_i64(void)
{
    unsigned char b[8];
    if (read_full(java_fd, b, 8) < 0) die_protocol(PE_SHORT_READ);
    return (int64_t)((uint64_t)get_u32(b) | (uint64_t)get_u32(b + 4) << 32);
}

static void read_string(struct str *s)
{
    s->len = read_u32();
    if (s->len > MAX_STR_LEN) die_protocol(PE_TOO_LARGE);
    s->p = plan_alloc(s->len + 1);  /* NUL-terminated for path syscalls */
    if (s->len && read_full(java_fd, s->p, s->len) < 0) die_protocol(PE_SHORT_READ);
}

static void check_arity(const struct step *s)
{
    const struct arity *a = &ARITY[s->op];
    if (a->ints >= 0 && s->nints != (uint32_t)a->ints) die_protocol(PE_BAD_ARITY);
    if (a->strs >= 0 && s->nstrs != (uint32_t)a->strs) die_protocol(PE_BAD_ARITY);
    if (s->op == OP_EXEC) {
        int64_t argc = s->ints[0], envc = s->ints[1], ncand = s->ints[2];
        if (argc < 1 || envc < 0 || ncand < 1 || argc + envc + ncand != (int64_t)s->nstrs)
            die_protocol(PE_BAD_ARITY);
    }
    if (s->op == OP_HOOK) {
        int64_t mode = s->ints[0], timeout = s->ints[1], argc = s->ints[2], envc = s->ints[3];
        bool pause_ok = mode == HOOK_PAUSE && argc == 0 && envc == 0 && s->nstrs == 0;
        bool run_ok = mode == HOOK_RUN && timeout >= 0 && argc >= 0 && envc >= 0
                      && 3 + argc + envc == (int64_t)s->nstrs;
        if (!pause_ok && !run_ok) die_protocol(PE_BAD_ARITY);
    }
    /* program, listenerPath, then at least two pieces of text: the top-level pid goes between them */
    if (s->op == OP_SECCOMP_NOTIFY && (s->ints[1] < 0 || s->nstrs < 4)) die_protocol(PE_BAD_ARITY);
}

static void read_step(struct step *s)
{
    s->op = read_u32();
    s->plan_index = read_u32();
    s->nints = read_u32();
    s->nstrs = read_u32();
    if (!op_known(s->op)) die_protocol(PE_UNKNOWN_OP);
    if (s->nints > MAX_INTS || s->nstrs > MAX_STRS) die_protocol(PE_TOO_LARGE);
    s->ints = plan_alloc(sizeof *s->ints * s->nints);
    for (uint32_t i = 0; i < s->nints; i++) s->ints[i] = read_i64();
    s->strs = plan_alloc(sizeof *s->strs * s->nstrs);
    for (uint32_t i = 0; i < s->nstrs; i++) read_string(&s->strs[i]);
    check_arity(s);
}

/* Exactly one CLONE; nothing before it that needs the child or would replace the helper. */
static void check_structure(struct plan *p)
{
    p->clone_at = -1;
    for (uint32_t i = 0; i < p->nsteps; i++) {
        uint32_t op = p->steps[i].op;
        if (op == OP_CLONE) {
            if (p->clone_at >= 0) die_protocol(PE_BAD_STRUCTURE);
            p->clone_at = (int)i;
        } else if (p->clone_at < 0 && (op == OP_EXEC || op == OP_AWAIT_START ||
                                       op == OP_WRITE_CHILD_FILE || op == OP_CONSOLE ||
                                       op == OP_OPEN_FIFO || op == OP_CONSOLE_CONNECT ||
                                       op == OP_HOOK || op == OP_SECCOMP_NOTIFY)) {
            die_protocol(PE_BAD_STRUCTURE);
        }
    }
    if (p->clone_at < 0) die_protocol(PE_BAD_STRUCTURE);
}

static void read_plan(struct plan *p)
{
    if (read_u32() != MAGIC) die_protocol(PE_BAD_MAGIC);
    if (read_u32() != VERSION) die_protocol(PE_BAD_VERSION);
    p->mode = read_u32();
    if (p->mode & ~(MODE_TRACE | MODE_DETACH)) die_protocol(PE_BAD_MODE);
    p->nsteps = read_u32();
    if (p->nsteps > MAX_STEPS) die_protocol(PE_TOO_LARGE);
    p->steps = plan_alloc(sizeof *p->steps * p->nsteps);
    for (uint32_t i = 0; i < p->nsteps; i++) read_step(&p->steps[i]);
    check_structure(p);
}

/* ------------------------------------------------------------ 4. per-op functions */
/* Each returns 0 or -1 with errno set. */

static int write_to_path(const char *path, const struct str *content)
{
    int fd = open(path, O_WRONLY | O_CLOEXEC | O_NOCTTY);
    if (fd < 0) return -1;
    int rc = write_full(fd, content->p, content->len);
    int saved = errno;
    if (close(fd) < 0 && rc == 0) return -1;  /* cgroup/proc files may report late */
    errno = saved;
    return rc;
}

static int op_cgroup_join(const struct step *s)
{
    char pid[16];
    struct str content = { pid, (uint32_t)snprintf(pid, sizeof pid, "%d", getpid()) };
    return write_to_path(s->strs[0].p, &content);
}

static int op_mkfifo(const struct step *s)
{
    return mkfifo(s->strs[0].p, (mode_t)s->ints[0]);
}

#ifndef NSFS_MAGIC
#define NSFS_MAGIC 0x6e736673
#endif
#ifndef NS_GET_NSTYPE
#define NS_GET_NSTYPE _IO(0xb7, 0x3)
#endif

/* PID_ALIVE's pidfd of the process it checked (-1: none): SETNS with an empty path joins through it. */
static int checked_pidfd = -1;

/*
 * O_NONBLOCK: a FIFO at the path must not block us forever. The opened file must be on nsfs and of
 * the asked type (NS_GET_NSTYPE) before setns; otherwise EINVAL, which Java names. An empty path joins that
 * namespace of the process PID_ALIVE checked, through its pidfd: exec's mount join comes after clone, and a
 * /proc/PID path opened then could name a process that reused the pid since the check.
 */
static int op_setns(const struct step *s)
{
    if (s->strs[0].len == 0) {
        if (checked_pidfd < 0 || s->ints[0] == 0) { errno = EBADF; return -1; }
        return setns(checked_pidfd, (int)s->ints[0]);
    }
    int fd = open(s->strs[0].p, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (fd < 0) return -1;
    struct statfs fs;
    if (fstatfs(fd, &fs) < 0 || fs.f_type != NSFS_MAGIC
        || (s->ints[0] != 0 && ioctl(fd, NS_GET_NSTYPE) != (int)s->ints[0])) {
        close(fd);
        errno = EINVAL;
        return -1;
    }
    int rc = setns(fd, (int)s->ints[0]);
    int saved = errno;
    close(fd);
    errno = saved;
    return rc;
}

static int op_write_file(const struct step *s)
{
    return write_to_path(s->strs[0].p, &s->strs[1]);
}

static int op_write_child_file(const struct step *s, pid_t child)
{
    if (strchr(s->strs[0].p, '/') || s->strs[0].len == 0) { errno = EINVAL; return -1; }
    char path[64 + PATH_MAX];
    snprintf(path, sizeof path, "/proc/%d/%s", child, s->strs[0].p);
    return write_to_path(path, &s->strs[1]);
}

/* --- in-root path resolution (MOUNT TARGET_IN_ROOT, SYMLINK) --- */

static int open_in_root(int rootfd, const char *path, uint64_t flags)
{
    struct open_how how = {
        .flags = flags | O_CLOEXEC,
        .resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS,
    };
    return (int)syscall(SYS_openat2, rootfd, path, &how, sizeof how);
}

enum create_kind { CREATE_NONE, CREATE_DIR, CREATE_FILE };

static int count_components(const char *path)
{
    int n = 0;
    for (const char *p = path; *p;) {
        while (*p == '/') p++;
        if (!*p) break;
        n++;
        while (*p && *p != '/') p++;
    }
    return n;
}

/* Copies the first k components of path to out (as "/a/b"); returns pointer to component k+1 start. */
static const char *prefix_components(const char *path, int k, char *out, size_t outsz)
{
    const char *p = path;
    size_t o = 0;
    out[o++] = '/';
    for (int i = 0; i < k; i++) {
        while (*p == '/') p++;
        const char *start = p;
        while (*p && *p != '/') p++;
        size_t len = (size_t)(p - start);
        if (o + len + 2 > outsz) return NULL;
        if (o > 1) out[o++] = '/';
        memcpy(out + o, start, len);
        o += len;
    }
    out[o] = 0;
    while (*p == '/') p++;
    return p;
}

/* The first missing component of a path under a root: its in-root parent fd and its name. */
struct missing {
    int parent;                 /* O_PATH fd of the deepest existing prefix */
    char prefix[PATH_MAX];      /* that prefix, root-relative ("/a/b") */
    char name[NAME_MAX + 1];    /* the missing component (or a dangling symlink) */
    const char *after;          /* the rest of the path after name, "" or "/..." */
    bool last;                  /* name is the final component */
};

static int find_first_missing(int rootfd, const char *path, struct missing *m)
{
    int n = count_components(path), k = n - 1;
    for (m->parent = -1; k >= 0; k--) {
        if (!prefix_components(path, k, m->prefix, sizeof m->prefix)) { errno = ENAMETOOLONG; return -1; }
        m->parent = open_in_root(rootfd, m->prefix, O_PATH | O_DIRECTORY);
        if (m->parent >= 0) break;
        if (errno != ENOENT) return -1;
    }
    if (m->parent < 0) return -1;
    const char *rest = prefix_components(path, k, m->prefix, sizeof m->prefix);
    size_t len = strcspn(rest, "/");
    if (len > NAME_MAX) { close(m->parent); errno = ENAMETOOLONG; return -1; }
    memcpy(m->name, rest, len);
    m->name[len] = 0;
    m->after = rest + len;
    m->last = (k + 1 == n);
    return 0;
}

/* Rewrites path so the dangling link is replaced by its target (absolute = root-relative). */
static int follow_dangling_link(const struct missing *m, const char *link, char *path, size_t pathsz)
{
    char next[PATH_MAX];
    int w = link[0] == '/' ? snprintf(next, sizeof next, "%s%s", link, m->after)
                           : snprintf(next, sizeof next, "%s/%s%s", m->prefix, link, m->after);
    if (w < 0 || (size_t)w >= sizeof next || (size_t)w >= pathsz) { errno = ENAMETOOLONG; return -1; }
    memcpy(path, next, (size_t)w + 1);
    return 0;
}

static int create_component(const struct missing *m, enum create_kind kind)
{
    int rc;
    if (!m->last || kind == CREATE_DIR) {
        rc = mkdirat(m->parent, m->name, 0755);
    } else {
        int f = openat(m->parent, m->name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
        rc = f < 0 ? -1 : close(f);
    }
    return rc < 0 && errno == EEXIST ? 0 : rc;  /* lost a race: the next round opens it */
}

/*
 * Opens path under rootfd, creating what is missing. Every lookup is an openat2
 * RESOLVE_IN_ROOT from rootfd, and a dangling symlink met on the way is replaced by its target
 * re-read as a root-relative path, so an absolute link such as /etc -> /host-etc is created
 * inside the rootfs (rootfs/host-etc), never on the host. One component per round.
 */
static int create_in_root(int rootfd, const char *target, enum create_kind kind)
{
    char path[PATH_MAX], link[PATH_MAX];
    struct missing m;
    if (strlen(target) >= sizeof path) { errno = ENAMETOOLONG; return -1; }
    strcpy(path, target);

    for (int round = 0; round < MAX_CREATE_ROUNDS; round++) {
        int fd = open_in_root(rootfd, path, O_PATH);
        if (fd >= 0 || errno != ENOENT) return fd;
        if (find_first_missing(rootfd, path, &m) < 0) return -1;

        ssize_t ll = readlinkat(m.parent, m.name, link, sizeof link - 1);
        int rc;
        if (ll >= 0) {
            link[ll] = 0;
            rc = follow_dangling_link(&m, link, path, sizeof path);
        } else {
            rc = create_component(&m, kind);
        }
        int saved = errno;
        close(m.parent);
        if (rc < 0) { errno = saved; return -1; }
    }
    errno = ELOOP;
    return -1;
}

static enum create_kind mount_create_kind(const struct step *s, int opts)
{
    if (opts & MOUNT_MKDIR) return CREATE_DIR;
    if (opts & MOUNT_MKFILE) return CREATE_FILE;
    if (opts & MOUNT_LIKE_SOURCE) {
        struct stat st;
        const char *src = or_null(&s->strs[0]);
        if (src && stat(src, &st) == 0 && !S_ISDIR(st.st_mode)) return CREATE_FILE;
        return CREATE_DIR;
    }
    return CREATE_NONE;
}

/* Opens the mount target as an O_PATH fd, creating it if asked. */
static int open_mount_target(const struct step *s, int opts)
{
    const char *root = s->strs[4].len ? s->strs[4].p : "/";
    const char *target = s->strs[1].p;
    enum create_kind kind = mount_create_kind(s, opts);
    int rootfd;
    if (opts & MOUNT_TARGET_IN_ROOT) {
        rootfd = open(root, O_PATH | O_DIRECTORY | O_CLOEXEC);
        if (rootfd < 0) return -1;
    } else {
        rootfd = AT_FDCWD;
    }
    int fd;
    if (opts & MOUNT_TARGET_IN_ROOT) {
        fd = kind == CREATE_NONE ? open_in_root(rootfd, target, O_PATH)
                                 : create_in_root(rootfd, target, kind);
    } else {
        fd = open(target, O_PATH | O_CLOEXEC);
        if (fd < 0 && errno == ENOENT && kind != CREATE_NONE) {
            int slash = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
            if (slash < 0) return -1;
            /* Not in a root: the same walker, anchored at / (plain host semantics). */
            fd = create_in_root(slash, target, kind);
            int saved = errno;
            close(slash);
            errno = saved;
        }
    }
    int saved = errno;
    if (rootfd >= 0) close(rootfd);
    errno = saved;
    return fd;
}

/*
 * A bind remount replaces every per-mount flag. Without this, `ro` on a bind of a nosuid,nodev,noexec
 * host path would quietly turn those off inside the container (and in a user namespace, where the
 * kernel locks them, the remount would fail with EPERM). So keep what the mounted source already has.
 */
static unsigned long keep_source_flags(const char *target, unsigned long flags)
{
    struct statvfs sv;
    if ((flags & (MS_REMOUNT | MS_BIND)) != (MS_REMOUNT | MS_BIND) || statvfs(target, &sv) < 0) return flags;
    if (sv.f_flag & ST_NOSUID) flags |= MS_NOSUID;
    if (sv.f_flag & ST_NODEV) flags |= MS_NODEV;
    if (sv.f_flag & ST_NOEXEC) flags |= MS_NOEXEC;
    if (!(flags & (MS_NOATIME | MS_RELATIME | MS_STRICTATIME))) {
        if (sv.f_flag & ST_NOATIME) flags |= MS_NOATIME;
        if (sv.f_flag & ST_RELATIME) flags |= MS_RELATIME;
    }
    if (sv.f_flag & ST_NODIRATIME) flags |= MS_NODIRATIME;
    return flags;
}

static int op_mount(const struct step *s)
{
    unsigned long flags = (unsigned long)s->ints[0];
    int opts = (int)s->ints[1];
    const char *source = or_null(&s->strs[0]), *fstype = or_null(&s->strs[2]);
    const char *data = or_null(&s->strs[3]);

    bool plain = !(opts & (MOUNT_TARGET_IN_ROOT | MOUNT_MKDIR | MOUNT_MKFILE | MOUNT_LIKE_SOURCE));
    if (plain) {
        flags = keep_source_flags(s->strs[1].p, flags);
        if (mount(source, s->strs[1].p, fstype, flags, data) == 0) return 0;
        return (errno == ENOENT && (opts & MOUNT_IGNORE_MISSING)) ? 0 : -1;
    }
    int fd = open_mount_target(s, opts);
    if (fd < 0) return (errno == ENOENT && (opts & MOUNT_IGNORE_MISSING)) ? 0 : -1;
    char fdpath[32];
    snprintf(fdpath, sizeof fdpath, "/proc/self/fd/%d", fd);
    flags = keep_source_flags(fdpath, flags);
    int rc = mount(source, fdpath, fstype, flags, data);
    int saved = errno;
    close(fd);
    errno = saved;
    return rc;
}


/* --- TMPCOPYUP: the directory a tmpfs will cover is held open (phase 0, before the mount), then its
 * tree is copied into the new tmpfs (phase 1, after it). Every name is opened relative to a directory
 * fd with O_NOFOLLOW and symlinks are copied as links, so nothing outside the rootfs is read or written.
 * Directories, regular files and symlinks are copied with owner and mode; other node types are skipped. */

#define COPYUP_MAX_DEPTH 64

static int copyup_src = -1;

/* An owner the user namespace does not map (EINVAL) is left as the new file's owner. */
static int copy_owner_mode(int fd, const struct stat *st)
{
    if (fchown(fd, st->st_uid, st->st_gid) < 0 && errno != EINVAL) return -1;
    return fchmod(fd, st->st_mode & 07777);
}

static int copy_file_at(int from, int to, const char *name, const struct stat *st)
{
    int in = openat(from, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    if (in < 0) return -1;
    int out = openat(to, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (out < 0) { int e = errno; close(in); errno = e; return -1; }
    char buf[65536];
    ssize_t n;
    int rc = 0;
    while ((n = read(in, buf, sizeof buf)) > 0) {
        if (write_full(out, buf, (size_t)n) < 0) { rc = -1; break; }
    }
    if (n < 0) rc = -1;
    if (rc == 0 && copy_owner_mode(out, st) < 0) rc = -1;
    int e = errno;
    close(in);
    close(out);
    errno = e;
    return rc;
}

static int copy_tree(int from, int to, int depth)
{
    if (depth > COPYUP_MAX_DEPTH) { errno = ELOOP; return -1; }
    int listfd = dup(from);
    if (listfd < 0) return -1;
    DIR *d = fdopendir(listfd);
    if (!d) { close(listfd); return -1; }
    int rc = 0;
    struct dirent *e;
    while (rc == 0 && (e = readdir(d)) != NULL) {
        const char *name = e->d_name;
        if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0) continue;
        struct stat st;
        if (fstatat(from, name, &st, AT_SYMLINK_NOFOLLOW) < 0) { rc = -1; break; }
        if (S_ISDIR(st.st_mode)) {
            if (mkdirat(to, name, 0700) < 0 && errno != EEXIST) { rc = -1; break; }
            int sf = openat(from, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
            int tf = sf < 0 ? -1 : openat(to, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
            if (sf < 0 || tf < 0) rc = -1;
            else rc = copy_tree(sf, tf, depth + 1);
            if (rc == 0 && copy_owner_mode(tf, &st) < 0) rc = -1;
            int saved = errno;
            if (sf >= 0) close(sf);
            if (tf >= 0) close(tf);
            errno = saved;
        } else if (S_ISREG(st.st_mode)) {
            rc = copy_file_at(from, to, name, &st);
        } else if (S_ISLNK(st.st_mode)) {
            char link[PATH_MAX];
            ssize_t n = readlinkat(from, name, link, sizeof link - 1);
            if (n < 0) { rc = -1; break; }
            link[n] = 0;
            if (symlinkat(link, to, name) < 0) rc = -1;
            else if (fchownat(to, name, st.st_uid, st.st_gid, AT_SYMLINK_NOFOLLOW) < 0 && errno != EINVAL) rc = -1;
        }
    }
    int saved = errno;
    closedir(d);
    errno = saved;
    return rc;
}

static int open_dir_in(const char *root, const char *target)
{
    int rootfd = open(root, O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (rootfd < 0) return -1;
    int fd = open_in_root(rootfd, target, O_RDONLY | O_DIRECTORY);
    int saved = errno;
    close(rootfd);
    errno = saved;
    return fd;
}

static int op_tmpcopyup(const struct step *s)
{
    const char *target = s->strs[0].p, *root = s->strs[1].len ? s->strs[1].p : "/";
    if (s->ints[0] == 0) {
        if (copyup_src >= 0) close(copyup_src);
        copyup_src = open_dir_in(root, target);
        return copyup_src < 0 && errno != ENOENT ? -1 : 0;   /* missing: the mount creates it empty */
    }
    if (copyup_src < 0) return 0;
    int to = open_dir_in(root, target);
    int rc = to < 0 ? -1 : copy_tree(copyup_src, to, 0);
    int saved = errno;
    if (to >= 0) close(to);
    close(copyup_src);
    copyup_src = -1;
    errno = saved;
    return rc;
}

static int op_symlink(const struct step *s)
{
    const char *target = s->strs[0].p, *linkpath = s->strs[1].p;
    if (s->strs[2].len == 0) return symlink(target, linkpath) == 0 || errno == EEXIST ? 0 : -1;

    /* Resolve the link's parent dir in root; create the link itself there by name. */
    const char *slash = strrchr(linkpath, '/');
    const char *name = slash ? slash + 1 : linkpath;
    char parent[PATH_MAX];
    size_t plen = slash ? (size_t)(slash - linkpath) : 0;
    if (plen >= sizeof parent || *name == 0) { errno = plen >= sizeof parent ? ENAMETOOLONG : EINVAL; return -1; }
    memcpy(parent, linkpath, plen);
    parent[plen] = 0;
    if (plen == 0) strcpy(parent, "/");

    int rootfd = open(s->strs[2].p, O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (rootfd < 0) return -1;
    int dirfd = open_in_root(rootfd, parent, O_PATH | O_DIRECTORY);
    int rc = dirfd < 0 ? -1 : symlinkat(target, dirfd, name);
    int saved = errno;
    if (dirfd >= 0) close(dirfd);
    close(rootfd);
    errno = saved;
    return rc == 0 || errno == EEXIST ? 0 : -1;
}

/* Splits "/a/b/name" into its parent ("/a/b", "/" for a top-level name) and its last component. */
static int split_parent(const char *path, char *parent, size_t parentsz, const char **name)
{
    const char *slash = strrchr(path, '/');
    *name = slash ? slash + 1 : path;
    size_t plen = slash ? (size_t)(slash - path) : 0;
    if (plen >= parentsz) { errno = ENAMETOOLONG; return -1; }
    if (**name == 0 || strcmp(*name, ".") == 0 || strcmp(*name, "..") == 0) { errno = EINVAL; return -1; }
    memcpy(parent, path, plen);
    parent[plen] = 0;
    if (plen == 0) strcpy(parent, "/");
    return 0;
}

/*
 * MKNOD: a fresh node at path under root (parents resolved and created in root like MOUNT's
 * TARGET_IN_ROOT), then owner and exact mode (mknod applies the umask; chmod does not). An existing
 * node is accepted only if it has the same type and numbers, so nothing else is ever re-owned.
 */
static int mknod_at(int dirfd, const char *name, mode_t mode, dev_t dev, uid_t uid, gid_t gid)
{
    if (mknodat(dirfd, name, mode, dev) < 0) {
        struct stat st;
        if (errno != EEXIST) return -1;
        if (fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) < 0) return -1;
        bool same = (st.st_mode & S_IFMT) == (mode & S_IFMT) && (S_ISFIFO(mode) || st.st_rdev == dev);
        if (!same) { errno = EEXIST; return -1; }
    }
    if (fchownat(dirfd, name, uid, gid, AT_SYMLINK_NOFOLLOW) < 0) return -1;
    return fchmodat(dirfd, name, mode & 07777, 0);
}

static int op_mknod(const struct step *s)
{
    mode_t mode = (mode_t)s->ints[0];
    dev_t dev = makedev((unsigned)s->ints[1], (unsigned)s->ints[2]);
    char parent[PATH_MAX];
    const char *name;
    if (split_parent(s->strs[0].p, parent, sizeof parent, &name) < 0) return -1;
    const char *root = s->strs[1].len ? s->strs[1].p : "/";
    int rootfd = open(root, O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (rootfd < 0) return -1;
    int dirfd = create_in_root(rootfd, parent, CREATE_DIR);
    int rc = dirfd < 0 ? -1 : mknod_at(dirfd, name, mode, dev, (uid_t)s->ints[3], (gid_t)s->ints[4]);
    int saved = errno;
    if (dirfd >= 0) close(dirfd);
    close(rootfd);
    errno = saved;
    return rc;
}

/*
 * DEVICE_FILTER (cgroup v2): load the program Java compiled from the device rules and attach it to
 * the cgroup directory. ALLOW_MULTI, so a filter of a parent cgroup (another runtime's) still applies too.
 */
static int op_device_filter(const struct step *s)
{
    struct bpf_insn *insns = calloc(s->nints ? s->nints : 1, sizeof *insns);
    if (!insns) return -1;
    for (uint32_t i = 0; i < s->nints; i++) memcpy(&insns[i], &s->ints[i], sizeof insns[i]);
    union bpf_attr load;
    memset(&load, 0, sizeof load);
    load.prog_type = BPF_PROG_TYPE_CGROUP_DEVICE;
    load.insns = (uint64_t)(uintptr_t)insns;
    load.insn_cnt = s->nints;
    load.license = (uint64_t)(uintptr_t)"GPL";
    int prog = (int)syscall(SYS_bpf, BPF_PROG_LOAD, &load, sizeof load);
    int saved = errno;
    free(insns);
    if (prog < 0) { errno = saved; return -1; }
    int cg = open(s->strs[0].p, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    int rc = -1;
    if (cg >= 0) {
        union bpf_attr attach;
        memset(&attach, 0, sizeof attach);
        attach.target_fd = (uint32_t)cg;
        attach.attach_bpf_fd = (uint32_t)prog;
        attach.attach_type = BPF_CGROUP_DEVICE;
        attach.attach_flags = BPF_F_ALLOW_MULTI;
        rc = (int)syscall(SYS_bpf, BPF_PROG_ATTACH, &attach, sizeof attach);
    }
    saved = errno;
    if (cg >= 0) close(cg);
    close(prog);  /* the cgroup holds its own reference to the attached program */
    errno = saved;
    return rc;
}

static int op_pivot_root(const struct step *s)
{
    if (chdir(s->strs[0].p) < 0) return -1;
    /* pivot_root(".", ".") stacks the old root on top of the new one; detach it right away. */
    if (syscall(SYS_pivot_root, ".", ".") < 0) return -1;
    /* Whatever the plan did before: an unmount under the old root must never propagate to the host's. */
    if (mount(NULL, ".", NULL, MS_SLAVE | MS_REC, NULL) < 0) return -1;
    if (umount2(".", MNT_DETACH) < 0) return -1;
    return chdir("/");
}

/*
 * The null device masking binds from, opened once and verified: /dev/null is a path inside the
 * image, which could make it a symlink to /proc/timer_list (CVE-2025-31133 class). We hold the
 * opened inode (O_PATH), check it is the character device 1:3, and bind from /proc/self/fd/N, so
 * what gets bound is exactly what was checked. Not 1:3: ENOTBLK is reported (Java names it).
 */
static int null_fd = -1;

static int verified_null(void)
{
    if (null_fd >= 0) return null_fd;
    int fd = open("/dev/null", O_PATH | O_CLOEXEC);
    if (fd < 0) return -1;
    struct stat st;
    if (fstat(fd, &st) < 0 || !S_ISCHR(st.st_mode) || major(st.st_rdev) != 1 || minor(st.st_rdev) != 3) {
        close(fd);
        errno = ENOTBLK;
        return -1;
    }
    return null_fd = fd;
}

#ifndef OPEN_TREE_CLONE
#define OPEN_TREE_CLONE 1
#endif
#ifndef MOVE_MOUNT_F_EMPTY_PATH
#define MOVE_MOUNT_F_EMPTY_PATH 0x00000004
#endif

static int bind_null(const char *path)
{
    int fd = verified_null();
    if (fd < 0) return -1;
    char src[64];
    snprintf(src, sizeof src, "/proc/self/fd/%d", fd);
    if (mount(src, path, NULL, MS_BIND, NULL) == 0) return 0;
    if (errno != ENOENT) return -1;
    /* No /proc in the container: clone a mount of the held inode itself and attach it (Linux 5.2+). */
    int tree = (int)syscall(SYS_open_tree, fd, "", OPEN_TREE_CLONE | AT_EMPTY_PATH | O_CLOEXEC);
    if (tree < 0) return -1;
    int rc = (int)syscall(SYS_move_mount, tree, "", AT_FDCWD, path, MOVE_MOUNT_F_EMPTY_PATH);
    int saved = errno;
    close(tree);
    errno = saved;
    return rc;
}

static int op_mask_path(const struct step *s)
{
    struct stat st;
    const char *path = s->strs[0].p;
    if (stat(path, &st) < 0) return errno == ENOENT ? 0 : -1;
    int rc = S_ISDIR(st.st_mode) ? mount("tmpfs", path, "tmpfs", MS_RDONLY, NULL) : bind_null(path);
    /* The path exists (stat above): any failure, even a missing /dev/null, must not leave it unmasked. */
    return rc == 0 ? 0 : -1;
}

static int op_personality(const struct step *s)
{
    return personality((unsigned long)s->ints[0]) == -1 ? -1 : 0;
}

/* ioprio_set(IOPRIO_WHO_PROCESS, 0 = this process, class << 13 | data): Java packs the value. */
static int op_ioprio_set(const struct step *s)
{
    return (int)syscall(SYS_ioprio_set, 1, 0, (int)s->ints[0]);
}

static int op_sethostname(const struct step *s) { return sethostname(s->strs[0].p, s->strs[0].len); }
static int op_setdomainname(const struct step *s) { return setdomainname(s->strs[0].p, s->strs[0].len); }

static int op_setrlimit(const struct step *s)
{
    struct rlimit lim = { (rlim_t)(uint64_t)s->ints[1], (rlim_t)(uint64_t)s->ints[2] };
    return (int)syscall(SYS_prlimit64, 0, (int)s->ints[0], &lim, NULL);
}

/* Raw syscalls for ids: glibc's wrappers broadcast to all threads, which we neither need nor want. */
static int op_setgroups(const struct step *s)
{
    gid_t *gids = calloc(s->nints ? s->nints : 1, sizeof *gids);
    if (!gids) return -1;
    for (uint32_t i = 0; i < s->nints; i++) gids[i] = (gid_t)s->ints[i];
    int rc = (int)syscall(SYS_setgroups, (size_t)s->nints, gids);
    int saved = errno;
    free(gids);
    errno = saved;
    return rc;
}

static int op_setresgid(const struct step *s)
{
    gid_t g = (gid_t)s->ints[0];
    return (int)syscall(SYS_setresgid, g, g, g);
}

static int op_setresuid(const struct step *s)
{
    /* Keep permitted caps across the uid change; CAPSET afterwards decides the final sets. */
    if (prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0) < 0) return -1;
    uid_t u = (uid_t)s->ints[0];
    return (int)syscall(SYS_setresuid, u, u, u);
}

static int op_capbset_keep(const struct step *s)
{
    uint64_t keep = (uint64_t)s->ints[0];
    for (int cap = 0; cap <= (int)s->ints[1] && cap < 64; cap++)
        if (!(keep & (1ULL << cap)) && prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) < 0) return -1;
    return 0;
}

static int op_capset(const struct step *s)
{
    struct __user_cap_header_struct hdr = { _LINUX_CAPABILITY_VERSION_3, 0 };
    struct __user_cap_data_struct data[2];
    uint64_t eff = (uint64_t)s->ints[0], prm = (uint64_t)s->ints[1], inh = (uint64_t)s->ints[2];
    for (int i = 0; i < 2; i++) {
        data[i].effective = (uint32_t)(eff >> (32 * i));
        data[i].permitted = (uint32_t)(prm >> (32 * i));
        data[i].inheritable = (uint32_t)(inh >> (32 * i));
    }
    return (int)syscall(SYS_capset, &hdr, data);
}

static int op_ambient_set(const struct step *s)
{
    uint64_t mask = (uint64_t)s->ints[0];
    if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) < 0) return -1;
    for (int cap = 0; cap <= (int)s->ints[1] && cap < 64; cap++)
        if ((mask & (1ULL << cap)) && prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, cap, 0, 0) < 0)
            return -1;
    return 0;
}

static int op_no_new_privs(void) { return prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0); }
static int op_umask(const struct step *s) { umask((mode_t)s->ints[0]); return 0; }

/* The program was compiled by Java (io.minicontainer.seccomp): load it as it is. Returns seccomp(2)'s result
 * (the listener fd with SECCOMP_FILTER_FLAG_NEW_LISTENER, else 0), or -1. */
static long load_filter(const struct str *prog, int64_t flags)
{
    if (prog->len == 0 || prog->len % sizeof(struct sock_filter) != 0 ||
        prog->len / sizeof(struct sock_filter) > BPF_MAXINSNS) {
        errno = EINVAL;
        return -1;
    }
    struct sock_fprog fprog = {
        .len = (unsigned short)(prog->len / sizeof(struct sock_filter)),
        .filter = (struct sock_filter *)(void *)prog->p,
    };
    return syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, (unsigned int)flags, &fprog);
}

static int op_seccomp(const struct step *s) { return load_filter(&s->strs[0], s->ints[0]) < 0 ? -1 : 0; }
static int op_chdir(const struct step *s) { return chdir(s->strs[0].p); }

static int op_close_fds(const struct step *s)
{
    return (int)syscall(SYS_close_range, (unsigned)s->ints[0], ~0U, CLOSE_RANGE_CLOEXEC);
}

static int op_setsid(void) { return setsid() < 0 ? -1 : 0; }

/*
 * Right after the go byte, once the parent has written the id maps: become uid/gid 0 *inside* the user
 * namespace, so mkdir, mknod and mounts act as the mapped root (as host uid 0, unmapped there, they fail
 * with EOVERFLOW). Capabilities stay: the new euid is the namespace's root. setgroups may be denied in a
 * joined namespace; then the supplementary groups are whatever the kernel left (none that are mapped).
 */
static int op_userns_root(void)
{
    if (syscall(SYS_setresgid, 0, 0, 0) < 0) return -1;
    if (syscall(SYS_setgroups, (size_t)0, NULL) < 0 && errno != EPERM) return -1;
    return (int)syscall(SYS_setresuid, 0, 0, 0);
}

/* Without a mount namespace of its own the container shares the runtime's mounts: chroot, never pivot_root. */
static int op_chroot(const struct step *s)
{
    if (chdir(s->strs[0].p) < 0 || chroot(".") < 0) return -1;
    return chdir("/");
}

static int send_fd(int sock, int fd, const char *payload)
{
    char cbuf[CMSG_SPACE(sizeof(int))];
    memset(cbuf, 0, sizeof cbuf);
    struct iovec iov = { (void *)payload, strlen(payload) };
    struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = cbuf,
                          .msg_controllen = sizeof cbuf };
    struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
    c->cmsg_level = SOL_SOCKET;
    c->cmsg_type = SCM_RIGHTS;
    c->cmsg_len = CMSG_LEN(sizeof(int));
    memcpy(CMSG_DATA(c), &fd, sizeof(int));
    return sendmsg(sock, &msg, MSG_NOSIGNAL) < 0 ? -1 : 0;
}

/* Set by CONSOLE_CONNECT: the console socket, connected before pivot_root while its host path is visible. */
static int console_sock_fd = -1;

static int connect_unix(const char *sockpath)
{
    struct sockaddr_un addr = { .sun_family = AF_UNIX };
    if (strlen(sockpath) >= sizeof addr.sun_path) { errno = ENAMETOOLONG; return -1; }
    strcpy(addr.sun_path, sockpath);
    int sock = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (sock < 0) return -1;
    if (connect(sock, (struct sockaddr *)&addr, sizeof addr) < 0) {
        int saved = errno;
        close(sock);
        errno = saved;
        return -1;
    }
    return sock;
}

static int op_console_connect(const struct step *s)
{
    int sock = connect_unix(s->strs[0].p);
    if (sock < 0) return -1;
    console_sock_fd = sock;
    return 0;
}

static int send_to_console_socket(const char *sockpath, int master, const char *ptsname)
{
    if (console_sock_fd >= 0) {
        int rc = send_fd(console_sock_fd, master, ptsname);
        int saved = errno;
        close(console_sock_fd);
        console_sock_fd = -1;
        errno = saved;
        return rc;
    }
    struct sockaddr_un addr = { .sun_family = AF_UNIX };
    if (strlen(sockpath) >= sizeof addr.sun_path) { errno = ENAMETOOLONG; return -1; }
    strcpy(addr.sun_path, sockpath);
    int sock = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (sock < 0) return -1;
    int rc = connect(sock, (struct sockaddr *)&addr, sizeof addr);
    if (rc == 0) rc = send_fd(sock, master, ptsname);
    int saved = errno;
    close(sock);
    errno = saved;
    return rc;
}

static int sync_fd;

/* One child -> parent message {type, a, 0, 0} carrying fd (SCM_RIGHTS). */
static int send_fd_to_parent(int32_t type, int32_t a, int fd)
{
    int32_t m[4] = { type, a, 0, 0 };
    char cbuf[CMSG_SPACE(sizeof(int))];
    memset(cbuf, 0, sizeof cbuf);
    struct iovec iov = { m, sizeof m };
    struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = cbuf, .msg_controllen = sizeof cbuf };
    struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
    c->cmsg_level = SOL_SOCKET;
    c->cmsg_type = SCM_RIGHTS;
    c->cmsg_len = CMSG_LEN(sizeof(int));
    memcpy(CMSG_DATA(c), &fd, sizeof(int));
    return sendmsg(sync_fd, &msg, MSG_NOSIGNAL) < 0 ? -1 : 0;
}

/* CONSOLE with socket path "": `run` without --console-socket; the helper keeps the master and relays. */
static int send_master_to_parent(int master) { return send_fd_to_parent(CHILD_CONSOLE_MASTER, 0, master); }

/*
 * SECCOMP_NOTIFY: load the filter with NEW_LISTENER (Java puts it in the flags), hand the listener fd to the
 * parent, which sends it to the listener's socket on the host, and wait until it did: a start must fail, not
 * go on, when the listener cannot be reached. sendmsg is the only syscall that must not notify before the
 * listener has the fd (the compiler refuses such a profile); later ones wait for the listener's answer.
 */
static int op_seccomp_notify(const struct step *s)
{
    if (!(s->ints[0] & SECCOMP_FILTER_FLAG_NEW_LISTENER)) { errno = EINVAL; return -1; }
    long listener = load_filter(&s->strs[0], s->ints[0]);
    if (listener < 0) return -1;
    int rc = send_fd_to_parent(CHILD_SECCOMP_LISTENER, (int32_t)s->plan_index, (int)listener);
    int saved = errno;
    close((int)listener);
    if (rc < 0) { errno = saved; return -1; }
    char c;
    ssize_t n;
    do n = recv(sync_fd, &c, 1, 0); while (n < 0 && errno == EINTR);
    if (n != 1 || c != 'c') _exit(127);  /* the parent reported why */
    return 0;
}

/* Payload of the SCM_RIGHTS message is the pty's name, like runc's console socket. */
static int op_console(const struct step *s)
{
    int master = open("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (master < 0) return -1;
    int unlock = 0, ptn = -1, slave = -1, rc = -1;
    char name[32];
    if (ioctl(master, TIOCSPTLCK, &unlock) < 0 || ioctl(master, TIOCGPTN, &ptn) < 0) goto out;
    /* TIOCGPTPEER opens the slave through the master: no path lookup, no /dev/pts race. */
    slave = ioctl(master, TIOCGPTPEER, O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (slave < 0) goto out;
    snprintf(name, sizeof name, "/dev/pts/%d", ptn);
    if (s->ints[0] > 0 || s->ints[1] > 0) {  /* process.consoleSize, before anyone reads the size */
        struct winsize ws = { .ws_row = (unsigned short)s->ints[0], .ws_col = (unsigned short)s->ints[1] };
        if (ioctl(master, TIOCSWINSZ, &ws) < 0) goto out;
    }
    if ((s->strs[0].len == 0 ? send_master_to_parent(master) : send_to_console_socket(s->strs[0].p, master, name)) < 0)
        goto out;
    if (setsid() < 0 || ioctl(slave, TIOCSCTTY, 0) < 0) goto out;
    for (int fd = 0; fd <= 2; fd++)
        if (dup2(slave, fd) < 0) goto out;  /* dup2 clears CLOEXEC on 0,1,2 */
    rc = 0;
out:;
    int saved = errno;
    if (slave > 2) close(slave);
    close(master);
    errno = saved;
    return rc;
}

/* ------------------------------------------------------------- 5. child runner */

static int sync_fd = -1;        /* child's end of the sync socketpair */
static bool trace;

struct child_msg { int32_t type, a, b, c; };

/* MSG_NOSIGNAL: after a detached create the parent is gone and nobody reads. */
static void child_send_c(int32_t type, int32_t a, int32_t b, int32_t c)
{
    struct child_msg m = { type, a, b, c };
    while (send(sync_fd, &m, sizeof m, MSG_NOSIGNAL) < 0 && errno == EINTR) {}
}

static void child_send(int32_t type, int32_t a, int32_t b) { child_send_c(type, a, b, 0); }

/* ERROR's c: what a failing HOOK run adds to its errno (the hook's wait status), else 0. */
static int32_t fail_detail;

static void child_fail(const struct step *s, int err)
{
    child_send_c(R_ERROR, (int32_t)s->plan_index, err, fail_detail);
    _exit(127);
}

/* Set by OPEN_FIFO: the exec fifo, opened before pivot_root while its host path is still visible. */
static int exec_fifo_fd = -1;

/* O_RDWR never blocks on a fifo (we are a reader ourselves), so this can run early in the child. */
static int op_open_fifo(const struct step *s)
{
    int fd = open(s->strs[0].p, O_RDWR | O_CLOEXEC);
    if (fd < 0) return -1;
    exec_fifo_fd = fd;
    return 0;
}

/* True once READY went out: in DETACH mode nobody hears a later ERROR. */
static bool ready_sent;

static int op_await_start(const struct step *s)
{
    child_send(R_READY, (int32_t)s->plan_index, 0);
    ready_sent = true;
    if (exec_fifo_fd >= 0) {
        /* start writes one byte into the fifo; block until it arrives. */
        char byte;
        ssize_t n;
        do n = read(exec_fifo_fd, &byte, 1); while (n < 0 && errno == EINTR);
        int saved = errno;
        close(exec_fifo_fd);
        exec_fifo_fd = -1;
        if (n == 1) return 0;
        errno = n == 0 ? EPIPE : saved;
        return -1;
    }
    int fd;
    do fd = open(s->strs[0].p, O_WRONLY | O_CLOEXEC); while (fd < 0 && errno == EINTR);
    if (fd < 0) return -1;
    int rc = write_full(fd, "0", 1);
    int saved = errno;
    close(fd);
    errno = saved;
    return rc;
}

/*
 * run mode: if the helper itself is SIGKILLed, its container must not live on unwatched. (create
 * detaches: the container outlives the helper by design.) The kernel clears the setting whenever the
 * credentials change (setresuid, capset), so it is armed again just before execve, and a helper that
 * died in between is noticed as EOF on the sync channel.
 */
static bool die_with_helper;

static void arm_parent_death_signal(void)
{
    if (!die_with_helper) return;
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    char c;
    if (recv(sync_fd, &c, 1, MSG_PEEK | MSG_DONTWAIT) == 0) _exit(127);  /* the helper is gone already */
}

/* Only returns on failure: errno of the last candidate tried. */
static int op_exec(const struct step *s)
{
    uint32_t argc = (uint32_t)s->ints[0], envc = (uint32_t)s->ints[1], ncand = (uint32_t)s->ints[2];
    char **argv = calloc(argc + 1, sizeof *argv), **envp = calloc(envc + 1, sizeof *envp);
    if (!argv || !envp) return -1;
    for (uint32_t i = 0; i < argc; i++) argv[i] = s->strs[i].p;
    for (uint32_t i = 0; i < envc; i++) envp[i] = s->strs[argc + i].p;
    arm_parent_death_signal();
    child_send(CHILD_EXEC_BEGIN, (int32_t)s->plan_index, 0);
    bool saw_eacces = false;
    for (uint32_t i = 0; i < ncand; i++) {
        execve(s->strs[argc + envc + i].p, argv, envp);
        if (errno == EACCES) saw_eacces = true;
        if (errno != ENOENT && errno != ENOTDIR && errno != EACCES) break;
    }
    /* Like execvp: a candidate that exists but may not be run says more than a later "not found". */
    if (saw_eacces && (errno == ENOENT || errno == ENOTDIR)) errno = EACCES;
    return -1;
}

/* --- HOOK: a pause for Java's host-side hooks, or one hook run from inside the container --- */

/* Reports PAUSED and blocks until Java says continue ('c'); abort ('a') or a gone helper ends the child. */
static int hook_pause(const struct step *s)
{
    child_send(R_PAUSED, (int32_t)s->plan_index, 0);
    char c;
    ssize_t n;
    do n = recv(sync_fd, &c, 1, 0); while (n < 0 && errno == EINTR);
    if (n != 1 || c != 'c') _exit(127);
    return 0;
}

/* The state document as a file: prefix, our pid as the container sees it, suffix. A memfd, not a pipe,
 * so a hook that never reads its stdin cannot block us past its timeout. */
static int hook_stdin(const struct str *prefix, const struct str *suffix)
{
    int fd = memfd_create("hook-state", MFD_CLOEXEC);
    if (fd < 0) return -1;
    char pid[16];
    int len = snprintf(pid, sizeof pid, "%d", getpid());
    if (write_full(fd, prefix->p, prefix->len) < 0 || write_full(fd, pid, (size_t)len) < 0 ||
        write_full(fd, suffix->p, suffix->len) < 0 || lseek(fd, 0, SEEK_SET) < 0) {
        int saved = errno;
        close(fd);
        errno = saved;
        return -1;
    }
    return fd;
}

/* The hook and everything it started in its group (hook_run makes it a session leader), all at once: killing only
 * the hook would let its children go on (HookRunner kills a host hook's group the same way). Then reaps the hook. */
static void hook_kill(pid_t pid)
{
    kill(-pid, SIGKILL);
    kill(pid, SIGKILL);  /* in case setsid failed and it has no group of its own */
    while (waitpid(pid, NULL, 0) < 0 && errno == EINTR) {}
}

/* Waits for the hook; SIGKILL to its group after timeout_s (0: no limit). Returns its wait status, or -1 (ETIMEDOUT). */
static int hook_wait(pid_t pid, int64_t timeout_s)
{
    int status = 0;
    if (timeout_s > 0) {
        int pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
        if (pidfd < 0) {
            /* without a pidfd the timeout could not be kept: stop the hook rather than wait forever */
            int err = errno;
            hook_kill(pid);
            errno = err;
            return -1;
        }
        {
            struct pollfd pfd = { pidfd, POLLIN, 0 };
            int64_t ms = timeout_s > INT_MAX / 1000 ? INT_MAX : timeout_s * 1000;
            int r;
            do r = poll(&pfd, 1, (int)ms); while (r < 0 && errno == EINTR);
            close(pidfd);
            if (r == 0) {
                hook_kill(pid);
                errno = ETIMEDOUT;
                return -1;
            }
        }
    }
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
    return status;
}

/* Forks and execs one hook with argv/env as given, the state on stdin, stdout and stderr on our fd 2. */
static int hook_run(const struct step *s)
{
    uint32_t argc = (uint32_t)s->ints[2], envc = (uint32_t)s->ints[3];
    const char *path = s->strs[0].p;
    char **argv = calloc(argc + 2, sizeof *argv), **envp = calloc(envc + 1, sizeof *envp);
    if (!argv || !envp) return -1;
    argv[0] = (char *)path;  /* args may be empty: argv[0] is then the path */
    for (uint32_t i = 0; i < argc; i++) argv[i] = s->strs[1 + i].p;
    for (uint32_t i = 0; i < envc; i++) envp[i] = s->strs[1 + argc + i].p;
    int in = hook_stdin(&s->strs[1 + argc + envc], &s->strs[2 + argc + envc]);
    if (in < 0) return -1;
    int errpipe[2];
    if (pipe2(errpipe, O_CLOEXEC) < 0) { close(in); return -1; }
    pid_t pid = fork();
    if (pid < 0) { int saved = errno; close(in); close(errpipe[0]); close(errpipe[1]); errno = saved; return -1; }
    if (pid == 0) {
        /* a session (and group) of its own, as host hooks get through setsid: a timeout kills all of it */
        setsid();
        if (dup2(in, 0) >= 0 && dup2(2, 1) >= 0) {
            syscall(SYS_close_range, 3U, ~0U, CLOSE_RANGE_CLOEXEC);
            execve(path, argv, envp);
        }
        int err = errno;
        if (write(errpipe[1], &err, sizeof err) < 0) { /* the parent sees EOF and the exit status */ }
        _exit(127);
    }
    close(in);
    close(errpipe[1]);
    int err = 0;
    ssize_t n;
    do n = read(errpipe[0], &err, sizeof err); while (n < 0 && errno == EINTR);
    close(errpipe[0]);
    int status = hook_wait(pid, n == (ssize_t)sizeof err ? 0 : s->ints[1]);
    if (n == (ssize_t)sizeof err) { errno = err; return -1; }  /* could not exec: its errno */
    if (status < 0) return -1;                                   /* ETIMEDOUT */
    /* its group outlives it: said where the container's stderr goes, as HookRunner warns about host hooks */
    if (kill(-pid, 0) == 0)
        dprintf(2, "mini-container: warning: hook %s exited but left processes running in its process group "
                   "(a daemonising hook)\n", path);
    if (status != 0) { fail_detail = status; errno = 0; return -1; }
    return 0;
}

static int op_hook(const struct step *s)
{
    if (s->ints[0] == HOOK_PAUSE) return hook_pause(s);
    int rc = hook_run(s);
    if (rc < 0 && ready_sent && !die_with_helper) {
        /* after a detached create nobody reads our ERROR: say it where the container's stderr goes */
        int saved = errno;
        if (fail_detail) dprintf(2, "mini-container: hook %s failed: wait status %d\n", s->strs[0].p, fail_detail);
        else dprintf(2, "mini-container: hook %s failed: %s\n", s->strs[0].p, strerror(saved));
        errno = saved;
    }
    return rc;
}

static int run_child_op(const struct step *s)
{
    switch (s->op) {
    case OP_MKFIFO: return op_mkfifo(s);
    case OP_SETNS: return op_setns(s);
    case OP_WRITE_FILE: return op_write_file(s);
    case OP_MOUNT: return op_mount(s);
    case OP_SYMLINK: return op_symlink(s);
    case OP_PIVOT_ROOT: return op_pivot_root(s);
    case OP_MASK_PATH: return op_mask_path(s);
    case OP_SETHOSTNAME: return op_sethostname(s);
    case OP_SETDOMAINNAME: return op_setdomainname(s);
    case OP_SETRLIMIT: return op_setrlimit(s);
    case OP_SETGROUPS: return op_setgroups(s);
    case OP_SETRESGID: return op_setresgid(s);
    case OP_SETRESUID: return op_setresuid(s);
    case OP_CAPBSET_KEEP: return op_capbset_keep(s);
    case OP_CAPSET: return op_capset(s);
    case OP_AMBIENT_SET: return op_ambient_set(s);
    case OP_NO_NEW_PRIVS: return op_no_new_privs();
    case OP_UMASK: return op_umask(s);
    case OP_CHDIR: return op_chdir(s);
    case OP_CLOSE_FDS: return op_close_fds(s);
    case OP_AWAIT_START: return op_await_start(s);
    case OP_EXEC: return op_exec(s);
    case OP_CONSOLE: return op_console(s);
    case OP_SETSID: return op_setsid();
    case OP_OPEN_FIFO: return op_open_fifo(s);
    case OP_CONSOLE_CONNECT: return op_console_connect(s);
    case OP_MKNOD: return op_mknod(s);
    case OP_DEVICE_FILTER: return op_device_filter(s);
    case OP_HOOK: return op_hook(s);
    case OP_USERNS_ROOT: return op_userns_root();
    case OP_CHROOT: return op_chroot(s);
    case OP_SECCOMP: return op_seccomp(s);
    case OP_PERSONALITY: return op_personality(s);
    case OP_IOPRIO_SET: return op_ioprio_set(s);
    case OP_TMPCOPYUP: return op_tmpcopyup(s);
    case OP_SECCOMP_NOTIFY: return op_seccomp_notify(s);
    default: errno = EINVAL; return -1;
    }
}

/* The container starts with an empty signal mask and default dispositions, whatever Java had. */
static void reset_signals(void)
{
    struct sigaction dfl = { .sa_handler = SIG_DFL };
    for (int sig = 1; sig < NSIG; sig++)
        if (sig != SIGKILL && sig != SIGSTOP) sigaction(sig, &dfl, NULL);  /* EINVAL for glibc-internal ones */
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
}

static bool is_parent_op(uint32_t op) { return op == OP_CGROUP_JOIN || op == OP_WRITE_CHILD_FILE; }

static void wait_for_go(void)
{
    char go;
    ssize_t n;
    do n = recv(sync_fd, &go, 1, 0); while (n < 0 && errno == EINTR);
    if (n != 1) _exit(127);  /* parent died or gave up (post-clone step failed) */
}

static void run_child(const struct plan *p)
{
    reset_signals();
    die_with_helper = !(p->mode & MODE_DETACH);
    arm_parent_death_signal();
    wait_for_go();
    for (uint32_t i = (uint32_t)p->clone_at + 1; i < p->nsteps; i++) {
        const struct step *s = &p->steps[i];
        if (is_parent_op(s->op)) continue;
        uint64_t t0 = now_ns();
        if (run_child_op(s) < 0) child_fail(s, errno);
        if (trace) child_send(R_STEP, (int32_t)s->plan_index, micros_since(t0));
    }
    _exit(0);  /* a plan without EXEC: nothing to run (Java asked for it) */
}

/* ------------------------------------------------------ 6. parent: clone and loop */

/* --- console relay: `run` with process.terminal and no console socket (like runc run) --- */

static int relay_master = -1;   /* pty master the child handed us, or -1 */
static bool relay_stdin_open;
static struct termios saved_tty;
static bool tty_saved;

static void relay_winsize(void)
{
    struct winsize ws;
    if (relay_master < 0) return;
    if (ioctl(0, TIOCGWINSZ, &ws) == 0 || ioctl(1, TIOCGWINSZ, &ws) == 0) ioctl(relay_master, TIOCSWINSZ, &ws);
}

/* The caller's terminal goes raw, so every key (Ctrl-C too) reaches the container's pty as typed. */
static void relay_start(int master)
{
    relay_master = master;
    relay_stdin_open = true;
    if (isatty(0) && tcgetattr(0, &saved_tty) == 0) {
        struct termios raw = saved_tty;
        cfmakeraw(&raw);
        if (tcsetattr(0, TCSANOW, &raw) == 0) tty_saved = true;
    }
    relay_winsize();
}

static void restore_tty(void)
{
    if (tty_saved) tcsetattr(0, TCSANOW, &saved_tty);
    tty_saved = false;
}

/* One read from one side, written to the other; false at EOF or EIO (the pty's slave is closed). */
static bool relay_copy(int from, int to)
{
    char buf[8192];
    ssize_t n;
    do n = read(from, buf, sizeof buf); while (n < 0 && errno == EINTR);
    if (n <= 0) return false;
    return write_full(to, buf, (size_t)n) == 0;
}

/* What the container wrote just before it exited is still in the pty. */
static void relay_drain(void)
{
    if (relay_master < 0) return;
    fcntl(relay_master, F_SETFL, fcntl(relay_master, F_GETFL) | O_NONBLOCK);
    while (relay_copy(relay_master, 1)) {}
    close(relay_master);
    relay_master = -1;
}

struct parent {
    const struct plan *plan;
    pid_t child;
    int pidfd, sync, sigfd;
    bool java_open, sync_open, failed, exec_begun;
    int supervisor_pidfd;  /* after HANDOFF: the process whose death, not Java's EOF, means "runtime gone" */
    uint32_t exec_plan_index;
    uint64_t exec_begin_ns;
    uint64_t kernel_signal_until[NSIG];  /* see on_signalfd */
};

/*
 * PID_ALIVE (exec, after the joins by /proc/<pid>/ns path and the cgroup joins, before clone): <pid> is still the
 * process Java recorded (stat field 22, the start time, and not a zombie), else ESRCH. A pid cannot come back, so
 * if it is the same process now it was at every join before: none of them named a process that reused the pid.
 * Its pidfd, opened before the look, is kept: joins after clone (SETNS with an empty path) go through it.
 */
static int op_pid_alive(const struct step *s)
{
    char path[64], buf[1024];
    int pidfd = (int)syscall(SYS_pidfd_open, (pid_t)s->ints[0], 0);  /* close-on-exec */
    if (pidfd < 0) return -1;  /* ESRCH: gone; anything else (ENOSYS, EMFILE...) is not "the process exited" */
    snprintf(path, sizeof path, "/proc/%lld/stat", (long long)s->ints[0]);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    ssize_t n = -1;
    if (fd >= 0) {
        do n = read(fd, buf, sizeof buf - 1); while (n < 0 && errno == EINTR);
        close(fd);
    }
    if (n <= 0) { close(pidfd); errno = ESRCH; return -1; }
    buf[n] = 0;
    char *p = strrchr(buf, ')');  /* the command name may hold spaces and parentheses: count fields after its end */
    if (!p || p[1] != ' ' || !p[2]) { close(pidfd); errno = ESRCH; return -1; }
    char state = p[2];
    p += 2;  /* field 3 */
    for (int field = 3; field < 22 && p; field++) {
        p = strchr(p, ' ');
        if (p) p++;
    }
    if (!p || state == 'Z' || state == 'X' || strtoull(p, NULL, 10) != (unsigned long long)s->ints[1]) {
        close(pidfd);
        errno = ESRCH;
        return -1;
    }
    if (checked_pidfd >= 0) close(checked_pidfd);
    checked_pidfd = pidfd;
    return 0;
}

static int run_helper_op(const struct step *s, pid_t child)
{
    switch (s->op) {
    case OP_PID_ALIVE: return op_pid_alive(s);
    case OP_CGROUP_JOIN: return op_cgroup_join(s);
    case OP_WRITE_CHILD_FILE: return op_write_child_file(s, child);
    default: return run_child_op(s);  /* pre-clone: same implementations, in the helper */
    }
}

static int step_in_helper(const struct plan *p, const struct step *s, pid_t child)
{
    uint64_t t0 = now_ns();
    if (run_helper_op(s, child) < 0) {
        report(R_ERROR, (int32_t)s->plan_index, errno, 0);
        return -1;
    }
    if (p->mode & MODE_TRACE) report(R_STEP, (int32_t)s->plan_index, micros_since(t0), 0);
    return 0;
}

/* fork-like clone3 (stack 0). With CLONE_NEWPID, set_tid[0] is the pid in the innermost
 * (new) namespace, so it must be 1, and set_tid[1] the pid in ours. */
static pid_t clone_child(const struct step *s, int *pidfd)
{
    uint64_t flags = (uint64_t)s->ints[0];
    pid_t set_tid[2];
    struct clone_args args = {
        .flags = flags | CLONE_PIDFD,
        .pidfd = (uint64_t)(uintptr_t)pidfd,
        .exit_signal = SIGCHLD,
    };
    if (s->ints[1] > 0) {
        bool newpid = flags & CLONE_NEWPID;
        set_tid[0] = newpid ? 1 : (pid_t)s->ints[1];
        set_tid[1] = (pid_t)s->ints[1];
        args.set_tid = (uint64_t)(uintptr_t)set_tid;
        args.set_tid_size = newpid ? 2 : 1;
    }
    return (pid_t)syscall(SYS_clone3, &args, sizeof args);
}

static void forwarded_signals(sigset_t *set)
{
    static const int sigs[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGWINCH };
    sigemptyset(set);
    for (size_t i = 0; i < sizeof sigs / sizeof *sigs; i++) sigaddset(set, sigs[i]);
}

static void forward_signal(struct parent *st, int signo)
{
    syscall(SYS_pidfd_send_signal, st->pidfd, signo, NULL, 0);  /* pidfd: no pid-reuse race */
}

static void kill_and_reap(struct parent *st)
{
    forward_signal(st, SIGKILL);
    while (waitpid(st->child, NULL, 0) < 0 && errno == EINTR) {}
}

/* A terminal's Ctrl-C or hangup reaches the whole foreground process group: the container got it from
 * the kernel already, and Java relays the copy it got too. Forwarding either would deliver it twice or
 * three times, so for a short while we drop both. Signals sent to us by a process are forwarded. */
#define KERNEL_SIGNAL_DEDUP_NS (200ULL * 1000 * 1000)

static void on_signalfd(struct parent *st)
{
    struct signalfd_siginfo si;
    while (read(st->sigfd, &si, sizeof si) == (ssize_t)sizeof si) {
        if (si.ssi_signo == SIGWINCH) { relay_winsize(); continue; }  /* the kernel tells the container's pty group */
        if (si.ssi_code == SI_KERNEL && si.ssi_signo < NSIG) {
            st->kernel_signal_until[si.ssi_signo] = now_ns() + KERNEL_SIGNAL_DEDUP_NS;
            continue;
        }
        forward_signal(st, (int)si.ssi_signo);
    }
}

/* HANDOFF (a = the supervisor's pid): from now on Java may leave; the supervisor waits for our exit
 * status instead, and its death is what kills the container. Answered with HANDED_OFF (a = 0 or errno). */
static void on_handoff(struct parent *st, pid_t supervisor)
{
    int fd = supervisor > 0 ? (int)syscall(SYS_pidfd_open, supervisor, 0) : (errno = EINVAL, -1);
    if (fd < 0) { report(R_HANDED_OFF, errno, 0, 0); return; }
    if (st->supervisor_pidfd >= 0) close(st->supervisor_pidfd);
    fcntl(fd, F_SETFD, FD_CLOEXEC);
    st->supervisor_pidfd = fd;
    report(R_HANDED_OFF, 0, 0, 0);
}

static void on_java(struct parent *st)
{
    unsigned char rec[16];
    if (read_full(java_fd, rec, sizeof rec) < 0) {
        st->java_open = false;
        /* Handed off: Java leaving is the plan, the supervisor owns the container now. */
        if (st->supervisor_pidfd >= 0) return;
        /* The runtime that owns this container is gone (killed, crashed): nobody would wait for the
         * container or remove its cgroups, so it must not live on as an orphan. Reap it, then exit. */
        forward_signal(st, SIGKILL);
        return;
    }
    if (get_u32(rec) == J_RESUME) {
        /* the child waits in HOOK pause: continue, or abort (it exits, and EOF tells the rest) */
        if (send(st->sync, get_u32(rec + 4) ? "c" : "a", 1, MSG_NOSIGNAL) != 1) { /* child gone: EOF tells */ }
        return;
    }
    if (get_u32(rec) == J_HANDOFF) { on_handoff(st, (pid_t)get_u32(rec + 4)); return; }
    if (get_u32(rec) != J_SIGNAL) return;
    uint32_t signo = get_u32(rec + 4);
    if (signo < NSIG && now_ns() < st->kernel_signal_until[signo]) return;  /* the container has it already */
    forward_signal(st, (int)signo);
}

/* The supervisor died (SIGKILLed `run`): as for Java's EOF without a handoff, the container must not outlive it. */
static void on_supervisor_death(struct parent *st)
{
    close(st->supervisor_pidfd);
    st->supervisor_pidfd = -1;
    st->java_open = false;
    forward_signal(st, SIGKILL);
}

/* After a handoff our exit status is the container's, as a shell reports it, for the supervisor.
 * We exit only once Java's end is closed: the JVM closes it only by exiting, and until then its
 * process reaper would collect our status instead of the supervisor (our parent once the JVM is gone). */
static __attribute__((noreturn)) void exit_handed_off(struct parent *st, int status)
{
    while (st->java_open && st->supervisor_pidfd >= 0) {
        struct pollfd fds[2] = { { java_fd, POLLIN, 0 }, { st->supervisor_pidfd, POLLIN, 0 } };
        if (poll(fds, 2, -1) < 0) { if (errno == EINTR) continue; break; }
        if (fds[1].revents) break;
        unsigned char rec[16];
        if (fds[0].revents && read_full(java_fd, rec, sizeof rec) < 0) break;
    }
    _exit(WIFEXITED(status) ? WEXITSTATUS(status) : WIFSIGNALED(status) ? 128 + WTERMSIG(status) : 255);
}

static __attribute__((noreturn)) void on_child_exit(struct parent *st)
{
    int status = 0;
    while (waitpid(st->child, &status, 0) < 0 && errno == EINTR) {}
    relay_drain();
    restore_tty();
    report(R_EXIT, status, 0, 0);
    if (st->supervisor_pidfd >= 0) exit_handed_off(st, status);
    _exit(0);
}

static void on_sync_eof(struct parent *st)
{
    st->sync_open = false;
    if (st->failed) { kill_and_reap(st); restore_tty(); _exit(1); }
    /* The child closed its end without reaching execve: it is exiting (killed, or a plan
     * without EXEC). Report how it ended instead of a false EXECED. */
    if (!st->exec_begun) on_child_exit(st);
    if (trace)
        report(R_STEP, (int32_t)st->exec_plan_index, micros_since(st->exec_begin_ns), 0);
    report(R_EXECED, 0, 0, 0);
    if (st->plan->mode & MODE_DETACH) _exit(0);
}

/* --- the seccomp listener fd: from the child to listenerPath, with the container process state --- */

static const struct step *step_at_plan_index(const struct plan *p, uint32_t plan_index)
{
    for (uint32_t i = 0; i < p->nsteps; i++)
        if (p->steps[i].plan_index == plan_index) return &p->steps[i];
    return NULL;
}

/* strs[2] pid strs[3] pid ... strs[n-1]: Java's JSON with the host pid of the process that loaded the filter
 * between each two pieces. Java decides where it goes (the top-level "pid", and the state's for a container's
 * first process; exec's state names the container's init, whose pid Java wrote into the text). */
static char *listener_message(const struct step *s, pid_t child, size_t *len)
{
    char pid[16];
    size_t plen = (size_t)snprintf(pid, sizeof pid, "%d", (int)child);
    *len = 0;
    for (uint32_t i = 2; i < s->nstrs; i++) *len += s->strs[i].len + (i + 1 < s->nstrs ? plen : 0);
    char *msg = malloc(*len), *p = msg;
    if (!msg) return NULL;
    for (uint32_t i = 2; i < s->nstrs; i++) {
        memcpy(p, s->strs[i].p, s->strs[i].len); p += s->strs[i].len;
        if (i + 1 < s->nstrs) { memcpy(p, pid, plen); p += plen; }
    }
    return msg;
}

/* One connection, one message, closed (runtime-spec). SO_SNDTIMEO bounds both a full backlog and a full buffer. */
static int send_to_listener(const struct step *s, pid_t child, int listener)
{
    struct sockaddr_un addr = { .sun_family = AF_UNIX };
    if (s->strs[1].len >= sizeof addr.sun_path) { errno = ENAMETOOLONG; return -1; }
    memcpy(addr.sun_path, s->strs[1].p, s->strs[1].len);
    size_t len;
    char *msg = listener_message(s, child, &len);
    if (!msg) return -1;
    int rc = -1, sock = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    struct timeval tv = { .tv_sec = (time_t)s->ints[1] };
    if (sock >= 0 && setsockopt(sock, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv) == 0 &&
        connect(sock, (struct sockaddr *)&addr, sizeof addr) == 0) {
        char cbuf[CMSG_SPACE(sizeof(int))];
        memset(cbuf, 0, sizeof cbuf);
        struct iovec iov = { msg, len };
        struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = cbuf, .msg_controllen = sizeof cbuf };
        struct cmsghdr *c = CMSG_FIRSTHDR(&mh);
        c->cmsg_level = SOL_SOCKET;
        c->cmsg_type = SCM_RIGHTS;
        c->cmsg_len = CMSG_LEN(sizeof(int));
        memcpy(CMSG_DATA(c), &listener, sizeof(int));
        ssize_t n;
        do n = sendmsg(sock, &mh, MSG_NOSIGNAL); while (n < 0 && errno == EINTR);
        size_t off = n < 0 ? 0 : (size_t)n;
        while (n >= 0 && off < len) {  /* the fd went with the first part; a stream may take the rest later */
            do n = send(sock, msg + off, len - off, MSG_NOSIGNAL); while (n < 0 && errno == EINTR);
            if (n > 0) off += (size_t)n;
        }
        if (n >= 0) rc = 0;
    }
    int saved = errno;
    if (sock >= 0) close(sock);
    free(msg);
    errno = saved;
    return rc;
}

/* Tell the child to go on ('c') once the listener has the fd; on failure report it and let the child exit ('a'). */
static void on_seccomp_listener(struct parent *st, uint32_t plan_index, int listener)
{
    const struct step *s = step_at_plan_index(st->plan, plan_index);
    int rc = -1;
    if (listener < 0 || !s || s->op != OP_SECCOMP_NOTIFY) errno = EPROTO;
    else rc = send_to_listener(s, st->child, listener);
    if (rc < 0) {
        st->failed = true;
        report(R_ERROR, (int32_t)plan_index, errno, 0);
    }
    if (listener >= 0) close(listener);
    if (send(st->sync, rc == 0 ? "c" : "a", 1, MSG_NOSIGNAL) != 1) { /* child gone: EOF tells */ }
}

static void on_sync(struct parent *st)
{
    struct child_msg m;
    char cbuf[CMSG_SPACE(sizeof(int))];
    struct iovec iov = { &m, sizeof m };
    struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = cbuf, .msg_controllen = sizeof cbuf };
    ssize_t n;
    do n = recvmsg(st->sync, &msg, MSG_CMSG_CLOEXEC); while (n < 0 && errno == EINTR);
    if (n <= 0) { on_sync_eof(st); return; }
    int passed = -1;
    for (struct cmsghdr *c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c))
        if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS) memcpy(&passed, CMSG_DATA(c), sizeof(int));
    if (n != sizeof m) { if (passed >= 0) close(passed); return; }
    if (m.type == CHILD_CONSOLE_MASTER && passed >= 0) { relay_start(passed); return; }
    if (m.type == CHILD_SECCOMP_LISTENER) { on_seccomp_listener(st, (uint32_t)m.a, passed); return; }
    if (passed >= 0) close(passed);
    switch (m.type) {
    case CHILD_EXEC_BEGIN:
        st->exec_begun = true;
        st->exec_plan_index = (uint32_t)m.a;
        st->exec_begin_ns = now_ns();
        break;
    case R_STEP: report(R_STEP, m.a, m.b, 0); break;
    case R_ERROR: st->failed = true; report(R_ERROR, m.a, m.b, m.c); break;
    case R_PAUSED: report(R_PAUSED, m.a, 0, 0); break;
    case R_READY:
        report(R_READY, 0, 0, 0);
        if (st->plan->mode & MODE_DETACH) _exit(0);
        break;
    }
}

/*
 * One poll loop for the whole life of the child: relay sync messages until EOF (exec or
 * error), forward signals from our signalfd and SIGNAL records from Java, and report EXIT.
 * The pidfd is watched only after the sync socket closed, so EXECED always precedes EXIT.
 */
static __attribute__((noreturn)) void parent_loop(struct parent *st)
{
    for (;;) {
        struct pollfd fds[6];
        int n = 0, isync = -1, ijava = -1, ipid = -1, imaster = -1, istdin = -1, isup = -1;
        fds[n] = (struct pollfd){ st->sigfd, POLLIN, 0 }; n++;
        if (st->sync_open) { isync = n; fds[n++] = (struct pollfd){ st->sync, POLLIN, 0 }; }
        else { ipid = n; fds[n++] = (struct pollfd){ st->pidfd, POLLIN, 0 }; }
        if (st->java_open) { ijava = n; fds[n++] = (struct pollfd){ java_fd, POLLIN, 0 }; }
        if (relay_master >= 0) { imaster = n; fds[n++] = (struct pollfd){ relay_master, POLLIN, 0 }; }
        if (relay_master >= 0 && relay_stdin_open) { istdin = n; fds[n++] = (struct pollfd){ 0, POLLIN, 0 }; }
        if (st->supervisor_pidfd >= 0) { isup = n; fds[n++] = (struct pollfd){ st->supervisor_pidfd, POLLIN, 0 }; }
        if (poll(fds, (nfds_t)n, -1) < 0) {
            if (errno == EINTR) continue;
            die_early("poll");
        }
        if (fds[0].revents) on_signalfd(st);
        if (ijava >= 0 && fds[ijava].revents) on_java(st);
        if (isync >= 0 && fds[isync].revents) on_sync(st);
        if (imaster >= 0 && fds[imaster].revents && !relay_copy(relay_master, 1)) {
            close(relay_master);  /* every slave fd is closed: nothing more will come */
            relay_master = -1;
        }
        if (istdin >= 0 && relay_master >= 0 && fds[istdin].revents && !relay_copy(0, relay_master)) relay_stdin_open = false;
        if (isup >= 0 && fds[isup].revents) on_supervisor_death(st);
        if (ipid >= 0 && fds[ipid].revents) on_child_exit(st);
    }
}

static void connect_to_java(const char *path)
{
    struct sockaddr_un addr = { .sun_family = AF_UNIX };
    if (strlen(path) >= sizeof addr.sun_path) { errno = ENAMETOOLONG; die_early(path); }
    strcpy(addr.sun_path, path);
    java_fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (java_fd < 0) die_early("socket");
    if (connect(java_fd, (struct sockaddr *)&addr, sizeof addr) < 0) die_early(path);
}

/* Child side right after clone: drop every helper fd it must not hold while it waits. */
static void become_child(const struct plan *p, struct parent *st, int child_end)
{
    close(java_fd);
    java_fd = -1;
    close(st->sigfd);
    close(st->sync);
    sync_fd = child_end;
    run_child(p);
}

static void run_post_clone_parent_steps(const struct plan *p, struct parent *st)
{
    for (uint32_t i = (uint32_t)p->clone_at + 1; i < p->nsteps; i++) {
        const struct step *s = &p->steps[i];
        if (!is_parent_op(s->op)) continue;
        if (step_in_helper(p, s, st->child) < 0) { kill_and_reap(st); _exit(1); }
    }
}

/*
 * --decode: the root-free seam. Reads a step list on stdin with the same parser and checks as a
 * real start, then prints one line per step (plan index, where it would run, op, ints, strings)
 * and executes nothing. Tests compare these lines with the Java plan.
 */
static void print_str(const struct str *s)
{
    putchar('"');
    for (uint32_t i = 0; i < s->len; i++) {
        unsigned char c = (unsigned char)s->p[i];
        if (c == '"' || c == '\\') printf("\\%c", c);
        else if (c >= 0x20 && c < 0x7f) putchar(c);
        else printf("\\x%02x", c);
    }
    putchar('"');
}

static int decode_plan(void)
{
    decode_only = true;
    java_fd = STDIN_FILENO;
    struct plan p;
    read_plan(&p);
    for (uint32_t i = 0; i < p.nsteps; i++) {
        const struct step *s = &p.steps[i];
        const char *where = (int)i < p.clone_at ? "helper" : (int)i == p.clone_at || is_parent_op(s->op) ? "parent" : "child";
        printf("%u %s %s ints=[", s->plan_index, where, ARITY[s->op].name);
        for (uint32_t k = 0; k < s->nints; k++) printf(k ? ",%lld" : "%lld", (long long)s->ints[k]);
        printf("] strs=[");
        for (uint32_t k = 0; k < s->nstrs; k++) {
            if (k) putchar(',');
            print_str(&s->strs[k]);
        }
        printf("]\n");
    }
    return fflush(stdout) == 0 ? 0 : 1;
}

int main(int argc, char **argv)
{
    if (argc == 2 && strcmp(argv[1], "--decode") == 0) return decode_plan();
    if (argc != 2) { fprintf(stderr, "usage: mc-helper <socket-path> | mc-helper --decode < steps\n"); return 2; }
    reexec_from_sealed_memfd(argv);

    /* A SIG_IGN'd SIGCHLD inherited from our parent would auto-reap the child and lose its status. */
    signal(SIGCHLD, SIG_DFL);
    /* Block the forwarded signals now: one arriving before clone is forwarded after it. */
    sigset_t fwd;
    forwarded_signals(&fwd);
    sigprocmask(SIG_BLOCK, &fwd, NULL);
    struct parent st = { .java_open = true, .sync_open = true, .pidfd = -1, .supervisor_pidfd = -1 };
    st.sigfd = signalfd(-1, &fwd, SFD_CLOEXEC | SFD_NONBLOCK);
    if (st.sigfd < 0) die_early("signalfd");

    connect_to_java(argv[1]);
    struct plan p;
    read_plan(&p);
    st.plan = &p;
    trace = p.mode & MODE_TRACE;

    for (int i = 0; i < p.clone_at; i++)
        if (step_in_helper(&p, &p.steps[i], 0) < 0) return 1;

    /* SEQPACKET socketpair, not a pipe: message boundaries, and MSG_NOSIGNAL for the child. */
    int pair[2];
    if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, pair) < 0) {
        report(R_ERROR, (int32_t)p.steps[p.clone_at].plan_index, errno, 0);
        return 1;
    }
    st.sync = pair[0];
    uint64_t t0 = now_ns();
    st.child = clone_child(&p.steps[p.clone_at], &st.pidfd);
    if (st.child < 0) {
        report(R_ERROR, (int32_t)p.steps[p.clone_at].plan_index, errno, 0);
        return 1;
    }
    if (st.child == 0) become_child(&p, &st, pair[1]);
    close(pair[1]);
    report(R_PID, st.child, 0, 0);
    if (trace) report(R_STEP, (int32_t)p.steps[p.clone_at].plan_index, micros_since(t0), 0);

    run_post_clone_parent_steps(&p, &st);
    if (send(st.sync, "g", 1, MSG_NOSIGNAL) != 1) { /* child already gone: EOF tells the rest */ }
    parent_loop(&st);
}
