package io.minicontainer.exec;

import io.minicontainer.plan.HostStep;
import java.io.IOException;
import java.util.List;

/** A cgroup step failed: which step, which file, and the kernel's reason ("Invalid argument", ...). */
public class CgroupException extends IOException {
    private final HostStep step;
    private final String file;
    private final String reason;
    private final List<String> createdDirs;

    public CgroupException(HostStep step, String file, String reason, List<String> createdDirs, Throwable cause) {
        super(step.describe() + ": " + file + ": " + reason
                + (step.sources().isEmpty() ? "" : " (from " + String.join(", ", step.sources()) + ")"), cause);
        this.step = step;
        this.file = file;
        this.reason = reason;
        this.createdDirs = List.copyOf(createdDirs);
    }

    public HostStep step() { return step; }

    public String file() { return file; }

    public String reason() { return reason; }

    /** Directories the failed apply had already created: the only ones the caller may remove. */
    public List<String> createdDirs() { return createdDirs; }
}
