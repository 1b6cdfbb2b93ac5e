/*
 * Test helper for the CONSOLE op: the receiving end of an OCI-style console socket, which the
 * JDK cannot be (no SCM_RIGHTS). Usage: console-receiver <socket-path>
 * Prints "listening", then "name <payload>" once the pty master arrives, then copies everything
 * the container writes to the pty onto stdout until the last slave closes (EIO).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

static int fail(const char *what)
{
    fprintf(stderr, "console-receiver: %s: %s\n", what, strerror(errno));
    return 1;
}

static int receive_fd(int conn, char *name, size_t namesz)
{
    char cbuf[CMSG_SPACE(sizeof(int))];
    struct iovec iov = { name, namesz - 1 };
    struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = cbuf, .msg_controllen = sizeof cbuf };
    ssize_t n = recvmsg(conn, &msg, MSG_CMSG_CLOEXEC);
    if (n < 0) return -1;
    name[n] = 0;
    struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
    if (!c || c->cmsg_type != SCM_RIGHTS) { errno = EPROTO; return -1; }
    int fd;
    memcpy(&fd, CMSG_DATA(c), sizeof fd);
    return fd;
}

int main(int argc, char **argv)
{
    if (argc != 2) { fprintf(stderr, "usage: console-receiver <socket-path>\n"); return 2; }
    struct sockaddr_un addr = { .sun_family = AF_UNIX };
    snprintf(addr.sun_path, sizeof addr.sun_path, "%s", argv[1]);
    int srv = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (srv < 0 || bind(srv, (struct sockaddr *)&addr, sizeof addr) < 0 || listen(srv, 1) < 0) return fail("listen");
    printf("listening\n");
    fflush(stdout);
    int conn = accept4(srv, NULL, NULL, SOCK_CLOEXEC);
    if (conn < 0) return fail("accept");
    char name[256];
    int master = receive_fd(conn, name, sizeof name);
    if (master < 0) return fail("recvmsg");
    printf("name %s\n", name);
    fflush(stdout);
    char buf[4096];
    ssize_t n;
    while ((n = read(master, buf, sizeof buf)) > 0 || (n < 0 && errno == EINTR))
        if (n > 0 && fwrite(buf, 1, (size_t)n, stdout) != (size_t)n) return fail("write");
    fflush(stdout);
    unlink(argv[1]);
    return 0;  /* EIO: every slave fd is closed, the container is done */
}
