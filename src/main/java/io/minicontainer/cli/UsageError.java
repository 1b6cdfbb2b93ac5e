package io.minicontainer.cli;

/**
 * A bad command line found after parsing (a value picocli takes as any string, such as --format's): exits
 * {@link ExitCode#USAGE} with one line and a pointer to the verb's help, as picocli's own parameter errors do.
 */
final class UsageError extends RuntimeException {
    UsageError(String message) { super(message, null, false, false); }
}
