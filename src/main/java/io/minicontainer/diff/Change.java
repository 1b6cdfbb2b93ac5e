package io.minicontainer.diff;

/**
 * One difference between two plans, with the config field behind it on each side (null where the
 * fact is absent) and that field's position in its file (0 when unknown).
 *
 * @param what "gained", "lost", "added", "removed", "raised", "lowered" or "changed"
 */
public record Change(String kind, String subject, String what, String oldValue, String newValue, Effect effect,
                     Side.At old, Side.At now) {
    /** {@code capability CAP_SYS_ADMIN in bounding gained} or {@code limit memory.max lowered: 512M -> 256M}. */
    public String sentence() {
        StringBuilder b = new StringBuilder(kind).append(' ').append(subject).append(' ').append(what);
        if (oldValue != null && newValue != null) b.append(": ").append(oldValue).append(" -> ").append(newValue);
        else if (oldValue != null && !oldValue.isEmpty()) b.append(" (was ").append(oldValue).append(')');
        else if (newValue != null && !newValue.isEmpty()) b.append(": ").append(newValue);
        return b.toString();
    }
}
