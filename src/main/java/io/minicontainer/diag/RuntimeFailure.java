package io.minicontainer.diag;

/** A valid request that failed while being applied. Exits with ExitCode.RUNTIME_FAILURE. */
public class RuntimeFailure extends RuntimeException {
    public RuntimeFailure(String message) { super(message); }

    public RuntimeFailure(String message, Throwable cause) { super(message, cause); }
}
