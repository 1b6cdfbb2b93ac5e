package io.minicontainer.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minicontainer.testing.ContainerFixture;
import io.minicontainer.testing.ContainerFixture.Result;
import io.minicontainer.testing.HostState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/** root, mounts, /dev, maskedPaths, readonlyPaths: checked from inside through /proc/self/mountinfo. */
class RootfsIT {
    /** Mount points (field 5) of the container's mountinfo, printed between markers. */
    private static final String PRINT_MOUNTS = "echo '<<'; cat /proc/self/mountinfo; echo '>>'";

    private static List<String[]> mountinfo(Result r) {
        String out = r.stdout();
        String body = out.substring(out.indexOf("<<\n") + 3, out.indexOf(">>\n"));
        return body.lines().map(l -> l.split(" ")).toList();
    }

    private static String[] mountAt(List<String[]> info, String point) {
        return info.stream().filter(f -> f[4].equals(point)).reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("no mount at " + point));
    }

    /** Per-mount options (field 6) plus the super-block options after " - type source " (field 11). */
    private static Set<String> options(String[] f) {
        Set<String> o = new TreeSet<>(Arrays.asList(f[5].split(",")));
        int dash = Arrays.asList(f).indexOf("-");
        o.addAll(Arrays.asList(f[dash + 3].split(",")));
        return o;
    }

    private static String fsType(String[] f) {
        return f[Arrays.asList(f).indexOf("-") + 1];
    }

    @Test
    void pivotRootDetachesTheOldRootAndMountsStayInTheContainer() throws Exception {
        try (ContainerFixture c = ContainerFixture.create()) {
            Path shared = c.scratch("shared");
            c.mount("/shared", "bind", shared.toString(), "bind");
            String marker = "mctprivate" + c.id().substring(4);
            // The container mounts a tmpfs of its own (needs CAP_SYS_ADMIN) and waits until the host has looked.
            addCap(c, "CAP_SYS_ADMIN");
            c.shell("mkdir -p /tmp/m && mount -t tmpfs " + marker + " /tmp/m && touch /shared/ready;"
                    + " while [ ! -e /shared/go ]; do sleep 0.05; done; ls / | tr '\\n' ' ' | sed 's/^/root=/'; echo; " + PRINT_MOUNTS);
            Process p = c.start(List.of("run", "--id", c.id(), c.bundle().toString()));
            awaitFile(shared.resolve("ready"), p);
            boolean onHost = HostState.mountinfoLines().stream().anyMatch(l -> l.contains(marker) || l.contains(c.rootfs().toString()));
            Files.writeString(shared.resolve("go"), "");
            Result r = c.result(p);
            assertEquals(0, r.exitCode(), r.dump());
            assertFalse(onHost, "a mount made in the container (or its rootfs bind) showed up on the host");
            assertEquals("bin dev etc proc root shared sys tmp ", r.value("root"), "only the rootfs is visible at /");
            Set<String> points = new TreeSet<>();
            for (String[] f : mountinfo(r)) points.add(f[4]);
            Set<String> allowed = Set.of("/", "/proc", "/dev", "/dev/pts", "/dev/shm", "/dev/mqueue", "/sys", "/shared", "/tmp/m",
                    "/sys/firmware");
            for (String point : points) {
                assertTrue(allowed.contains(point) || point.startsWith("/proc/") || point.startsWith("/dev/"),
                        "unexpected mount (old root?) at " + point + "\n" + r.dump());
            }
            c.assertNothingLeft();
        }
    }

    @Test
    void readonlyRootButTmpfsStaysWritable() throws Exception {
        try (ContainerFixture c = ContainerFixture.create()) {
            c.config().withObject("/root").put("readonly", true);
            c.mount("/tmp", "tmpfs", "tmpfs", "nosuid", "nodev");
            c.shell("touch /x 2>/dev/null; echo root=$?; touch /x 2>&1 | sed 's/^/why=/'; touch /tmp/ok; echo tmp=$?; touch /dev/shm/ok; echo shm=$?");
            Result r = c.run();
            assertEquals(0, r.exitCode(), r.dump());
            assertEquals("1", r.value("root"));
            assertTrue(r.value("why").contains("Read-only file system"), r.dump());
            assertEquals("0", r.value("tmp"));
            assertEquals("0", r.value("shm"));
        }
    }

    @Test
    void aReadOnlyBindKeepsTheSourcesNosuidNodevNoexec() throws Exception {
        try (ContainerFixture c = ContainerFixture.create()) {
            // The first mount is nosuid,nodev,noexec; the second binds it read-only, asking for nothing else.
            c.mount("/mnt/locked", "tmpfs", "tmpfs", "nosuid", "nodev", "noexec", "size=1m");
            c.mount("/mnt/view", "bind", c.rootfs().resolve("mnt/locked").toString(), "bind", "ro");
            c.shell(PRINT_MOUNTS);
            Result r = c.run();
            assertEquals(0, r.exitCode(), r.dump());
            Set<String> view = options(mountAt(mountinfo(r), "/mnt/view"));
            assertTrue(view.containsAll(Set.of("ro", "nosuid", "nodev", "noexec")),
                    "ro must not turn the source's nosuid/nodev/noexec off: " + view);
            c.assertNothingLeft();
        }
    }

    @Test
    void configMountsInOrderWithTheirOptions() throws Exception {
        try (ContainerFixture c = ContainerFixture.create()) {
            Path data = c.scratch("data");
            Files.writeString(data.resolve("file"), "from-host");
            c.mount("/mnt/bind", "bind", data.toString(), "bind", "ro", "nosuid", "nodev", "noexec");
            // rbind carries the submounts along (the per-controller cgroup mounts), bind does not.
            c.mount("/mnt/rbind", "bind", "/sys/fs/cgroup", "rbind", "ro");
            c.mount("/mnt/plainbind", "bind", "/sys/fs/cgroup", "bind", "ro");
            c.mount("/mnt/tmp", "tmpfs", "tmpfs", "nosuid", "nodev", "noexec", "mode=700", "size=1m");
            c.mount("/mnt/tmp/inner", "tmpfs", "inner", "size=512k"); // later mounts land on earlier ones
            c.mount("/mnt/proc", "proc", "proc", "nosuid", "noexec", "nodev");
            c.mount("/mnt/sys", "sysfs", "sysfs", "ro", "nosuid");
            c.mount("/mnt/pts", "devpts", "devpts", "newinstance", "ptmxmode=0666", "mode=0620");
            c.mount("/mnt/mq", "mqueue", "mqueue", "nosuid", "nodev", "noexec");
            c.shell("echo file=$(cat /mnt/bind/file); echo rbind=$(ls /mnt/rbind/memory | grep -c limit_in_bytes);"
                    + " echo plain=$(ls /mnt/plainbind/memory | wc -l); echo mode=$(stat -c %a /mnt/tmp); " + PRINT_MOUNTS);
            Result r = c.run();
            assertEquals(0, r.exitCode(), r.dump());
            List<String[]> info = mountinfo(r);
            assertEquals("from-host", r.value("file"));
            assertTrue(Integer.parseInt(r.value("rbind")) > 0, "rbind must bring the memory hierarchy along\n" + r.dump());
            assertEquals("0", r.value("plain"), "a plain bind must not bring submounts\n" + r.dump());
            assertEquals("700", r.value("mode"));

            assertTrue(options(mountAt(info, "/mnt/bind")).containsAll(Set.of("ro", "nosuid", "nodev", "noexec")), r.dump());
            assertTrue(options(mountAt(info, "/mnt/rbind")).contains("ro"), r.dump());
            String[] tmp = mountAt(info, "/mnt/tmp");
            assertEquals("tmpfs", fsType(tmp));
            assertTrue(options(tmp).containsAll(Set.of("nosuid", "nodev", "noexec", "mode=700", "size=1024k")), Arrays.toString(tmp));
            String[] inner = mountAt(info, "/mnt/tmp/inner");
            assertEquals(tmp[0], inner[1], "/mnt/tmp/inner must be mounted on top of /mnt/tmp (its parent id)");
            assertTrue(options(inner).contains("size=512k"), Arrays.toString(inner));
            assertEquals("proc", fsType(mountAt(info, "/mnt/proc")));
            assertTrue(options(mountAt(info, "/mnt/proc")).containsAll(Set.of("nosuid", "noexec", "nodev")));
            assertEquals("sysfs", fsType(mountAt(info, "/mnt/sys")));
            assertTrue(options(mountAt(info, "/mnt/sys")).containsAll(Set.of("ro", "nosuid")));
            assertEquals("devpts", fsType(mountAt(info, "/mnt/pts")));
            assertTrue(options(mountAt(info, "/mnt/pts")).containsAll(Set.of("ptmxmode=666", "mode=620")));
            assertEquals("mqueue", fsType(mountAt(info, "/mnt/mq")));
            // config order is kept: each destination appears after the one listed before it
            List<String> order = info.stream().map(f -> f[4]).filter(p -> p.startsWith("/mnt/") && p.split("/").length <= 4).toList();
            List<String> expected = List.of("/mnt/bind", "/mnt/rbind", "/mnt/plainbind", "/mnt/tmp", "/mnt/tmp/inner", "/mnt/proc",
                    "/mnt/sys", "/mnt/pts", "/mnt/mq");
            assertEquals(expected, order.stream().filter(expected::contains).distinct().toList(), r.dump());
            c.assertNothingLeft();
        }
    }

    @Test
    void minimalDev() throws Exception {
        try (ContainerFixture c = ContainerFixture.create()) {
            c.shell("echo dev=$(ls /dev | tr '\\n' ' '); for d in null zero full random urandom tty; do [ -c /dev/$d ] && echo char-$d=yes; done;"
                    + " for l in fd stdin stdout stderr ptmx; do echo link-$l=$(readlink /dev/$l); done;"
                    + " echo zero=$(head -c 3 /dev/zero | od -An -tx1 | tr -d ' '); echo x > /dev/full 2>/dev/null; echo full=$?;"
                    + " echo rnd=$(head -c 4 /dev/urandom | wc -c)");
            Result r = c.run();
            assertEquals(0, r.exitCode(), r.dump());
            assertEquals(Set.of("fd", "full", "mqueue", "null", "ptmx", "pts", "random", "shm", "stderr", "stdin", "stdout", "tty",
                    "urandom", "zero"), Set.of(r.value("dev").trim().split(" ")));
            for (String d : new String[] {"null", "zero", "full", "random", "urandom", "tty"}) assertEquals("yes", r.value("char-" + d));
            assertEquals("/proc/self/fd", r.value("link-fd"));
            assertEquals("/proc/self/fd/0", r.value("link-stdin"));
            assertEquals("/proc/self/fd/1", r.value("link-stdout"));
            assertEquals("/proc/self/fd/2", r.value("link-stderr"));
            assertEquals("pts/ptmx", r.value("link-ptmx"));
            assertEquals("000000", r.value("zero"));
            assertEquals("1", r.value("full"), "writing /dev/full must fail (ENOSPC)");
            assertEquals("4", r.value("rnd"));
        }
    }

    @Test
    void maskedAndReadonlyPaths() throws Exception {
        try (ContainerFixture c = ContainerFixture.create()) {
            Files.createDirectories(c.rootfs().resolve("data"));
            Files.writeString(c.rootfs().resolve("etc/secret"), "top-secret");
            c.linux().withArray("/maskedPaths").add("/etc/secret");
            c.linux().withArray("/readonlyPaths").add("/data");
            c.shell("echo secret=$(cat /etc/secret); echo keys=$(wc -c < /proc/keys); echo acpi=$(ls /proc/acpi | wc -l);"
                    + " touch /data/x 2>/dev/null; echo data=$?; echo 1 > /proc/sys/vm/drop_caches 2>/dev/null; echo procsys=$?;"
                    + " touch /tmp/rw; echo tmp=$?");
            Result r = c.run();
            assertEquals(0, r.exitCode(), r.dump());
            assertEquals("", r.value("secret"), "a masked file reads as empty");
            assertEquals("0", r.value("keys").trim(), "/proc/keys is masked by default");
            assertEquals("0", r.value("acpi"));
            assertEquals("1", r.value("data"), "readonlyPaths must refuse writes");
            assertEquals("1", r.value("procsys"));
            assertEquals("0", r.value("tmp"), "paths not listed stay writable");
        }
    }

    @Test
    void anAbsoluteSymlinkInTheRootfsCannotEscapeToTheHost() throws Exception {
        String name = "host-etc-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        Path hostTarget = Path.of("/", name);
        try (ContainerFixture c = ContainerFixture.create()) {
            Files.delete(c.rootfs().resolve("etc"));
            Files.createSymbolicLink(c.rootfs().resolve("etc"), hostTarget);
            c.mount("/etc/x", "tmpfs", "tmpfs", "size=64k");
            c.shell("grep -q ' /" + name + "/x ' /proc/self/mountinfo && echo mounted=yes; echo seen=$(stat -c %F /etc/x)");
            Result r = c.run();
            assertFalse(Files.exists(hostTarget), "the symlink /etc -> " + hostTarget + " was followed on the host\n" + r.dump());
            // Resolved as if the rootfs were /: the mount lands on rootfs/<name>/x, and the container sees it through /etc.
            assertEquals(0, r.exitCode(), r.dump());
            assertEquals("yes", r.value("mounted"));
            assertEquals("directory", r.value("seen"));
            assertTrue(Files.isDirectory(c.rootfs().resolve(name).resolve("x")), "created inside the rootfs");
            c.assertNothingLeft();
        } finally {
            if (Files.exists(hostTarget)) HostState.sh("rmdir " + hostTarget + "/x " + hostTarget);
        }
    }

    static void addCap(ContainerFixture c, String cap) {
        for (String set : new String[] {"bounding", "effective", "permitted"}) c.process().withArray("/capabilities/" + set).add(cap);
    }

    static void awaitFile(Path file, Process p) throws InterruptedException {
        for (int i = 0; i < 600; i++) {
            if (Files.exists(file)) return;
            if (!p.isAlive()) throw new AssertionError("the launcher exited (" + p.exitValue() + ") before " + file + " appeared");
            Thread.sleep(25);
        }
        throw new AssertionError(file + " did not appear in 15 s");
    }
}
