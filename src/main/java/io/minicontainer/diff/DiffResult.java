package io.minicontainer.diff;

import java.util.List;

/** Every change between two plans, and how they add up. */
public record DiffResult(String oldLabel, String newLabel, List<Change> changes) {
    public DiffResult {
        changes = List.copyOf(changes);
    }

    public boolean equal() { return changes.isEmpty(); }

    public long count(Effect e) { return changes.stream().filter(c -> c.effect() == e).count(); }

    /**
     * "widens isolation" when the container can reach more (of the host, of the kernel) after the
     * change and nothing narrows it; "narrows isolation" the reverse; "mixed" when both happen;
     * "neutral" when no change moves the container's reach (or nothing changed).
     */
    public String summary() {
        long w = count(Effect.WIDENS), n = count(Effect.NARROWS);
        if (w > 0 && n > 0) return "mixed";
        if (w > 0) return "widens isolation";
        if (n > 0) return "narrows isolation";
        return "neutral";
    }
}
