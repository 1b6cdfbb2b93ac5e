package io.minicontainer.cli;

import io.minicontainer.app.StateDir;
import picocli.CommandLine.Option;

/** Options placed before the verb, as runc and crun accept them and OCI clients pass them. */
public final class GlobalOptions implements StateDir {
    @Option(names = "--root", paramLabel = "DIR", description = "State directory (default: ${DEFAULT-VALUE}).",
            defaultValue = "/run/mini-container", scope = picocli.CommandLine.ScopeType.INHERIT)
    public String root = "/run/mini-container"; // initialised too: FastRunArgs builds these without picocli

    @Option(names = "--log", paramLabel = "FILE", description = "Also write errors to FILE (conmon reads the last one).",
            scope = picocli.CommandLine.ScopeType.INHERIT)
    public String log;

    @Option(names = "--log-format", paramLabel = "text|json", defaultValue = "text",
            description = "Format of --log lines: text, or runc-style JSON lines.", scope = picocli.CommandLine.ScopeType.INHERIT)
    public String logFormat = "text";

    @Option(names = "--debug", description = "Print stack traces for errors.", scope = picocli.CommandLine.ScopeType.INHERIT)
    public boolean debug;

    @Option(names = "--systemd-cgroup", description = "Refused: this runtime manages cgroupfs directly (no systemd here).",
            scope = picocli.CommandLine.ScopeType.INHERIT)
    public boolean systemdCgroup;

    @Override
    public String root() { return root; }

    /**
     * Applies one global option by name, for the picocli-free parsers of the hot verbs
     * ({@link FastRunArgs}, {@link FastOciArgs}); false when {@code name} is not a global option.
     */
    boolean set(String name, String value) {
        switch (name) {
            case "--root" -> root = value;
            case "--log" -> log = value;
            case "--log-format" -> logFormat = value;
            case "--debug" -> debug = true;
            case "--systemd-cgroup" -> systemdCgroup = true;
            default -> { return false; }
        }
        return true;
    }
}
