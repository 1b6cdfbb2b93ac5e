package io.minicontainer.cli;

/**
 * Named exit codes (sysexits.h values). {@code run} otherwise exits with the container's own status,
 * or 128+signal when it was killed by a signal.
 */
public final class ExitCode {
    public static final int OK = 0;
    /** `diff`: the two configs plan differently (as diff(1) exits 1). */
    public static final int DIFFERENT = 1;
    /** `audit --fail-on`: a finding at or above the threshold. */
    public static final int FINDINGS = 1;
    /** Bad command line: unknown option, missing argument. */
    public static final int USAGE = 64;
    /** The config or bundle is wrong: syntax, schema, semantic check, missing rootfs, unknown container id. */
    public static final int INVALID_INPUT = 65;
    /** A bug in mini-container itself (an unexpected exception). */
    public static final int INTERNAL = 70;
    /** The config was valid but applying it failed: a step's syscall failed, the host refused. */
    public static final int RUNTIME_FAILURE = 71;

    private ExitCode() {}
}
