package io.minicontainer.exec;

import io.minicontainer.plan.HostStep.CgroupRemove;
import io.minicontainer.plan.Plan;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * What the supervisor does after the container's exit once the wait is handed over, as data
 * (docs/PROTOCOL.md, "The supervisor"): the same cleanup {@link ForegroundRun} and {@code CgroupCleaner}
 * do in Java, with every path and message decided here. Records: a tag byte, a u32 little-endian length,
 * UTF-8 bytes; the last one is the commit, without which the supervisor ignores everything.
 */
final class HandoffData {
    static final char HELPER_PID = 'H', CGROUP = 'C', SHARED_PARENT = 'P', OOM_DIR = 'O', OOM_MESSAGE = 'M',
            STATE_DIR = 'S', LOCK_FILE = 'L', ERROR_PREFIX = 'E', KEPT_MESSAGE = 'K', RELAYED = 'R', COMMIT = 'Z';

    /**
     * The supervisor's limits (mc-supervisor.c MAX_DATA, MAX_RECORDS; SupervisorTest compares them). It ignores
     * data over them, but only after this JVM's write may have succeeded: Java checks first and keeps the wait.
     */
    static final int MAX_BYTES = 1 << 20, MAX_RECORDS = 256;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private int records;

    private HandoffData() {}

    /**
     * The records for a container whose helper is {@code helperPid}, without the RELAYED record and the commit
     * ({@link #committed} adds them); {@code lockFile} may be null (no lock to forget).
     */
    static HandoffData encode(Plan plan, long helperPid, Path stateDir, Path lockFile) {
        HandoffData d = new HandoffData();
        d.add(HELPER_PID, Long.toString(helperPid));
        List<CgroupRemove> cleanup = plan.cleanup();
        for (CgroupRemove r : cleanup) {
            // the dir, a NUL, then what Java's CgroupException adds after the reason: its config pointers
            String sources = r.sources().isEmpty() ? "" : " (from " + String.join(", ", r.sources()) + ")";
            d.add(CgroupCleaner.isSharedParent(r.dir(), cleanup) ? SHARED_PARENT : CGROUP, r.dir() + "\0" + sources);
        }
        for (String dir : Launch.containerCgroupDirs(plan)) d.add(OOM_DIR, dir);
        d.add(OOM_MESSAGE, ForegroundRun.OOM_MESSAGE);
        d.add(ERROR_PREFIX, "mini-container: ");
        d.add(KEPT_MESSAGE, ForegroundRun.keptMessage(plan, stateDir));
        d.add(STATE_DIR, stateDir.toAbsolutePath().toString());
        if (lockFile != null) d.add(LOCK_FILE, lockFile.toAbsolutePath().toString());
        return d;
    }

    /**
     * What the supervisor reads: these records, a RELAYED record, "signo:count,..." of the signals this JVM relayed
     * to the container, and the commit. The supervisor sends the container each signal it forwarded to this JVM and
     * that the count does not cover: one that reached the JVM too late to be relayed (the supervisor SIGKILLs a JVM
     * that has committed) would otherwise be lost (ExitAndSignalsIT, about 1 in 10).
     */
    byte[] committed(String relayed) {
        HandoffData d = new HandoffData();
        d.out.writeBytes(out.toByteArray());
        d.add(RELAYED, relayed);
        d.add(COMMIT, "");
        return d.out.toByteArray();
    }

    /** The room the RELAYED record needs: its tag and length, then 6 signals at most, each "NN:" and a count up to 10 digits. */
    static final int RELAYED_RESERVE = 5 + 6 * 14;
    /** The commit: its tag and a zero length. */
    private static final int COMMIT_BYTES = 5;

    /** True when the supervisor takes what {@link #committed} makes of these records whole (two records more: RELAYED, the commit). */
    boolean fits() {
        return out.size() + RELAYED_RESERVE + COMMIT_BYTES <= MAX_BYTES && records + 2 <= MAX_RECORDS;
    }

    private void add(char tag, String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        out.write(tag);
        for (int shift = 0; shift < 32; shift += 8) out.write((b.length >>> shift) & 0xff);
        out.write(b, 0, b.length);
        records++;
    }
}
