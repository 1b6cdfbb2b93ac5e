package io.minicontainer.plan;

import java.util.List;

/**
 * One typed step of an execution plan. Steps are immutable values; they carry the concrete
 * values they apply and the JSON pointers of the config fields that caused them.
 */
public sealed interface Step permits HostStep, NativeStep {
    Where where();

    /** Short machine-readable kind, e.g. "mount", "setrlimit". */
    String kind();

    /** Human description with concrete values, e.g. "mount proc on /proc (nosuid,nodev,noexec)". */
    String describe();

    /** Config fields that caused this step, as JSON pointers ("" for the runtime's own defaults). */
    List<String> sources();
}
