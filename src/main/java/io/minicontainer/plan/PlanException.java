package io.minicontainer.plan;

/** The config is valid but cannot be turned into a safe plan (e.g. mounts without a mount namespace). */
public final class PlanException extends RuntimeException {
    private final String pointer;
    private final String hint;

    public PlanException(String pointer, String message, String hint) {
        super(message);
        this.pointer = pointer;
        this.hint = hint;
    }

    public String pointer() { return pointer; }

    public String hint() { return hint; }
}
