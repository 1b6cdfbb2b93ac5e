/*
 * Test-only seccomp agent for SeccompNotifyIT: listens on a unix socket, takes <connections> connections
 * (default 1: a container's first process; 2 for it and one exec), reads from each the container process
 * state (JSON) and the seccompFd (SCM_RIGHTS) sent with it, writes the JSON and "fd=yes" to <out>, and
 * answers every notification of every fd with -<errno> (0: success without running the syscall), appending
 * one line per notification to <out>: "notif listener=K nr=N pid=P ppid=Q" (K: 1 for the first connection).
 * Exits when every filter has no users left, or after 60 s whatever happens.
 *
 *   seccomp-listener <socket-path> <out-file> <errno> [<connections>]
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/seccomp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <unistd.h>

#define MAX_LISTENERS 8

static void die(const char *what) { perror(what); exit(1); }

/* The PPid line of /proc/<pid>/status; the notifying task waits in its syscall, so it exists. */
static int ppid_of(int pid)
{
    char path[64], line[256];
    snprintf(path, sizeof path, "/proc/%d/status", pid);
    FILE *f = fopen(path, "r");
    int ppid = -1;
    if (!f) return -1;
    while (fgets(line, sizeof line, f))
        if (sscanf(line, "PPid: %d", &ppid) == 1) break;
    fclose(f);
    return ppid;
}

/* The whole message (the runtime closes the connection after it); the fd comes with the first part. */
static int receive(int conn, char *buf, size_t cap, size_t *len)
{
    char cbuf[CMSG_SPACE(sizeof(int))];
    struct iovec iov = { buf, cap - 1 };
    struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = cbuf, .msg_controllen = sizeof cbuf };
    ssize_t n = recvmsg(conn, &msg, MSG_CMSG_CLOEXEC);
    if (n < 0) die("recvmsg");
    int fd = -1;
    for (struct cmsghdr *c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c))
        if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS) memcpy(&fd, CMSG_DATA(c), sizeof fd);
    *len = (size_t)n;
    while (n > 0 && *len < cap - 1) {
        n = read(conn, buf + *len, cap - 1 - *len);
        if (n > 0) *len += (size_t)n;
    }
    buf[*len] = 0;
    return fd;
}

int main(int argc, char **argv)
{
    if (argc != 4 && argc != 5) {
        fprintf(stderr, "usage: seccomp-listener <socket-path> <out-file> <errno> [<connections>]\n");
        return 2;
    }
    int answer = atoi(argv[3]);
    int want = argc == 5 ? atoi(argv[4]) : 1;
    if (want < 1 || want > MAX_LISTENERS) { fprintf(stderr, "connections: 1..%d\n", MAX_LISTENERS); return 2; }
    alarm(60);
    struct sockaddr_un addr = { .sun_family = AF_UNIX };
    if (strlen(argv[1]) >= sizeof addr.sun_path) die("socket path too long");
    strcpy(addr.sun_path, argv[1]);
    int srv = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (srv < 0 || bind(srv, (struct sockaddr *)&addr, sizeof addr) < 0 || listen(srv, want) < 0) die("listen");
    FILE *out = fopen(argv[2], "w");
    if (!out) die(argv[2]);
    printf("listening\n");
    fflush(stdout);

    struct seccomp_notif_sizes sizes;
    if (syscall(SYS_seccomp, SECCOMP_GET_NOTIF_SIZES, 0, &sizes) < 0) die("SECCOMP_GET_NOTIF_SIZES");
    struct seccomp_notif *req = malloc(sizes.seccomp_notif);
    struct seccomp_notif_resp *resp = malloc(sizes.seccomp_notif_resp);
    if (!req || !resp) die("malloc");
    /* p[0]: the socket until <connections> came; p[1..]: one listener fd per connection, -1 once it hung up */
    struct pollfd p[1 + MAX_LISTENERS];
    int accepted = 0, open_fds = 0;
    p[0] = (struct pollfd){ srv, POLLIN, 0 };
    while (accepted < want || open_fds > 0) {
        if (poll(p, (nfds_t)(1 + accepted), -1) < 0) { if (errno == EINTR) continue; die("poll"); }
        if (p[0].fd >= 0 && (p[0].revents & POLLIN)) {
            int conn = accept4(srv, NULL, NULL, SOCK_CLOEXEC);
            if (conn < 0) die("accept");
            static char state[1 << 16];
            size_t len;
            int fd = receive(conn, state, sizeof state, &len);
            close(conn);
            fprintf(out, "%s\nfd=%s\n", state, fd >= 0 ? "yes" : "no");
            fflush(out);
            if (fd < 0) return 1;
            accepted++;
            open_fds++;
            p[accepted] = (struct pollfd){ fd, POLLIN, 0 };
            if (accepted == want) {
                close(srv);
                unlink(argv[1]);
                p[0].fd = -1;
            }
        }
        for (int i = 1; i <= accepted; i++) {
            if (p[i].fd < 0 || !p[i].revents) continue;
            if (!(p[i].revents & POLLIN)) {  /* POLLHUP: no task uses this filter any more */
                close(p[i].fd);
                p[i].fd = -1;
                open_fds--;
                continue;
            }
            memset(req, 0, sizes.seccomp_notif);
            if (ioctl(p[i].fd, SECCOMP_IOCTL_NOTIF_RECV, req) < 0) {
                if (errno == EINTR || errno == ENOENT) continue;  /* ENOENT: the task died while we looked */
                die("SECCOMP_IOCTL_NOTIF_RECV");
            }
            fprintf(out, "notif listener=%d nr=%d pid=%u ppid=%d\n", i, req->data.nr, req->pid, ppid_of((int)req->pid));
            fflush(out);
            memset(resp, 0, sizes.seccomp_notif_resp);
            resp->id = req->id;
            resp->error = -answer;
            resp->val = 0;
            if (ioctl(p[i].fd, SECCOMP_IOCTL_NOTIF_SEND, resp) < 0 && errno != ENOENT) die("SECCOMP_IOCTL_NOTIF_SEND");
        }
    }
    fprintf(out, "done\n");
    fclose(out);
    return 0;
}
