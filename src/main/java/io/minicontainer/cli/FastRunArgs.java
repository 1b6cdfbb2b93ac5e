package io.minicontainer.cli;

import java.util.HashSet;
import java.util.Set;

/**
 * The hot verb without picocli. picocli is compiled for Java 5, so the class-data archive cannot
 * hold it and building its model costs ~130 ms of a ~400 ms cold {@code run}. A command line made
 * only of the options below, in the places picocli accepts them ({@code [GLOBAL...] run
 * [GLOBAL|RUN...] [BUNDLE]}), is parsed here into the same {@link RunCommand} fields; anything
 * else (help, an unknown or repeated option, a second bundle, "--") returns null and picocli
 * parses it, with its own messages. FastRunArgsTest compares both parsers field by field.
 * runc's form ({@code run -b DIR -d --pid-file F --console-socket S --keep --no-pivot ID}, what
 * containerd-style callers pass) is taken too: through picocli it cost 130-170 ms more.
 */
final class FastRunArgs {
    private FastRunArgs() {}

    /** A ready RunCommand, or null when picocli must parse {@code args}. */
    static RunCommand parse(String[] args) {
        if (!names(args, "run")) return null;
        RootCommand root = new RootCommand();
        root.global = new GlobalOptions();
        RunCommand run = new RunCommand();
        run.rootCommand = root;
        Set<String> seen = new HashSet<>();
        boolean verb = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.startsWith("@")) return null; // picocli expands @FILE argument files
            if (!arg.startsWith("-")) {
                if (!verb) {
                    if (!arg.equals("run")) return null;
                    verb = true;
                } else {
                    if (run.bundle != null) return null;
                    run.bundle = arg;
                }
                continue;
            }
            if (arg.length() == 1 || arg.equals("--")) return null;
            int eq = arg.indexOf('=');
            String name = eq < 0 ? arg : arg.substring(0, eq);
            if (!seen.add(canonical(name))) return null; // picocli rejects a repeated option
            String value = eq < 0 ? null : arg.substring(eq + 1);
            if (takesValue(name)) {
                if (value == null) {
                    if (i + 1 >= args.length || args[i + 1].startsWith("-")) return null;
                    value = args[++i];
                }
            } else if (value != null) {
                return null;
            }
            if (!set(name, value, verb, root.global, run)) return null;
        }
        return verb ? run : null;
    }

    /**
     * Whether any argument is {@code verb}: a command line without one is not {@code run}'s, and is left to the next parser
     * before a RunCommand is built (RunCommand, HostHooks, ForegroundRun$StartListener: 3 classes no other verb loads;
     * `state` -0.24 M instructions of 47.5 M, callgrind; too little for wall time to show: docs/STARTUP.md, "readverbs").
     */
    static boolean names(String[] args, String verb) {
        for (String arg : args) {
            if (arg.equals(verb)) return true;
        }
        return false;
    }

    private static boolean takesValue(String name) {
        return switch (name) {
            case "--root", "--log", "--log-format", "--format", "--id", "-b", "--bundle", "--pid-file", "--console-socket" -> true;
            default -> false;
        };
    }

    /** Short and long spellings of one option count as one for the repeat check. */
    private static String canonical(String name) {
        return switch (name) {
            case "-b" -> "--bundle";
            case "-d" -> "--detach";
            default -> name;
        };
    }

    /** Applies one option; false when it is not one this parser knows in this place. */
    private static boolean set(String name, String value, boolean afterVerb, GlobalOptions global, RunCommand run) {
        if (global.set(name, value)) return true;
        if (!afterVerb) return false;
        switch (name) {
            case "--dry-run" -> run.dryRun = true;
            case "--trace" -> run.trace = true;
            case "--strict" -> run.strict = true;
            case "--format" -> run.format = value;
            case "--id" -> run.id = value;
            case "-b", "--bundle" -> run.bundleDir = value;
            case "-d", "--detach" -> run.detach = true;
            case "--pid-file" -> run.pidFile = java.nio.file.Path.of(value);
            case "--console-socket" -> run.consoleSocket = value;
            case "--keep" -> run.keep = true;
            case "--no-pivot" -> run.noPivot = true;
            case "--no-new-keyring" -> run.noNewKeyring = true;
            default -> { return false; }
        }
        return true;
    }
}
