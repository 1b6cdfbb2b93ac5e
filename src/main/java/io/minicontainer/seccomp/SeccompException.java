package io.minicontainer.seccomp;

/** A profile the compiler cannot turn into a filter; {@code pointer} names the offending value. */
public final class SeccompException extends RuntimeException {
    private final String pointer;
    private final String hint;

    public SeccompException(String pointer, String message, String hint) {
        super(message);
        this.pointer = pointer;
        this.hint = hint;
    }

    public String pointer() { return pointer; }

    public String hint() { return hint; }
}
