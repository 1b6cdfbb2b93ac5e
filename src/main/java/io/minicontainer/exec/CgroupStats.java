package io.minicontainer.exec;

import io.minicontainer.cgroup.CgroupPaths;
import io.minicontainer.plan.CgroupSetup;
import java.io.IOException;
import java.util.List;
import java.util.TreeSet;

/**
 * Reads and drives a running container's cgroups, given its directories ({@link CgroupSetup#dirs()}):
 * OOM kills, member processes, freeze and thaw (for ps, pause, resume).
 */
public final class CgroupStats {
    private static final long FREEZE_WAIT_MS = 2_000, POLL_MS = 10;

    private CgroupStats() {}

    public static boolean oomKilled(CgroupSetup setup) throws IOException { return oomKilled(setup.dirs()); }

    /** v1 memory.oom_control or v2 memory.events "oom_kill N" with N > 0; old v1 kernels without that line: memory.failcnt. */
    public static boolean oomKilled(List<String> dirs) throws IOException {
        for (String dir : dirs) {
            String events = CgroupFiles.readOrNull(CgroupPaths.join(dir, "memory.events"));
            if (events != null) return counter(events, "oom_kill") > 0;
            String control = CgroupFiles.readOrNull(CgroupPaths.join(dir, "memory.oom_control"));
            if (control != null) {
                long kills = counter(control, "oom_kill");
                if (kills >= 0) return kills > 0;
                String failcnt = CgroupFiles.readOrNull(CgroupPaths.join(dir, "memory.failcnt"));
                return failcnt != null && Long.parseLong(failcnt.trim()) > 0;
            }
        }
        return false;
    }

    public static List<Integer> pids(CgroupSetup setup) throws IOException { return pids(setup.dirs()); }

    /** Every process in any of the directories (sorted, no duplicates). */
    public static List<Integer> pids(List<String> dirs) throws IOException {
        TreeSet<Integer> all = new TreeSet<>();
        for (String dir : dirs) all.addAll(CgroupFiles.pids(CgroupPaths.join(dir, "cgroup.procs")));
        return List.copyOf(all);
    }

    public static void freeze(List<String> dirs) throws IOException { setFrozen(dirs, true); }

    public static void thaw(List<String> dirs) throws IOException { setFrozen(dirs, false); }

    /**
     * Writes the freezer and waits until the kernel reports the new state (FREEZING can take a while).
     * Loops, not a lambda per check: the lambda was the first of a `pause`/`resume`, whose link cost it
     * ~5 ms of CPU (java.lang.invoke, an ASM-spun LambdaForm); see docs/STARTUP.md ("verbs").
     * The freezer's file is found with {@link CgroupFiles#exists} (a stat that throws nothing), not by reading each
     * candidate: on v1 the freezer is the fifth of six dirs, so eight reads failed first, each a translated
     * NoSuchFileException: -0.8 to -0.9 million instructions of ~54 (callgrind; docs/STARTUP.md, "lockverbs").
     */
    private static void setFrozen(List<String> dirs, boolean frozen) throws IOException {
        for (String dir : dirs) {
            String v1 = CgroupPaths.join(dir, "freezer.state");
            if (CgroupFiles.exists(v1)) {
                String want = frozen ? "FROZEN" : "THAWED";
                long deadline = deadline();
                while (true) {
                    // Rewrite each round: a v1 freeze can stall in FREEZING until asked again.
                    CgroupFiles.write(v1, want);
                    if (want.equals(readOrGone(v1).trim())) return;
                    pollAgain(deadline, v1, want);
                }
            }
            String v2 = CgroupPaths.join(dir, "cgroup.freeze");
            if (CgroupFiles.exists(v2)) {
                CgroupFiles.write(v2, frozen ? "1" : "0");
                String events = CgroupPaths.join(dir, "cgroup.events");
                long deadline = deadline();
                while (counter(readOrGone(events), "frozen") != (frozen ? 1 : 0)) {
                    pollAgain(deadline, events, "frozen " + (frozen ? 1 : 0));
                }
                return;
            }
        }
        throw new IOException("no freezer among the container's cgroups " + dirs);
    }

    /** The freezer's file while polling it: its cgroup removed meanwhile fails the verb now, not at the deadline. */
    static String readOrGone(String file) throws IOException {
        String text = CgroupFiles.readOrNull(file);
        if (text == null) throw new IOException(file + " is gone: the container's cgroup was removed meanwhile");
        return text;
    }

    private static long deadline() { return System.currentTimeMillis() + FREEZE_WAIT_MS; }

    /** After a check that was not done yet: fails past the deadline, else sleeps before the next check. */
    private static void pollAgain(long deadline, String file, String want) throws IOException {
        if (System.currentTimeMillis() > deadline) throw new IOException(file + " did not reach " + want + " within " + FREEZE_WAIT_MS + " ms");
        CgroupCleaner.sleep(POLL_MS);
    }

    /** The value of a "key N" line, or -1 when the key is absent. */
    static long counter(String text, String key) {
        if (text == null) return -1;
        for (String line : text.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length == 2 && f[0].equals(key)) return Long.parseLong(f[1]);
        }
        return -1;
    }
}
