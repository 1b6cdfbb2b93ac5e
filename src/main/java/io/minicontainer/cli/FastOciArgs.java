package io.minicontainer.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The OCI verbs a client (podman, conmon) runs one process at a time — create, start, state, kill,
 * delete, pause, resume, list, ps — parsed without picocli, as {@link FastRunArgs} does for run:
 * loading picocli's ~170 classes (compiled for Java 5, so never in the class-data archive) cost
 * ~170 ms of every call. pause/resume/list/ps through picocli were 5.1x/5.2x/5.9x/5.7x the empty
 * JVM, here 2.3x/2.1x/1.8x/2.0x (11 A/B pairs); picocli compiled at --release 17 and archived
 * still left `list` at 5.2x (docs/STARTUP.md), so this parser stays.
 * Only plain shapes are taken: global options (anywhere), the verb's own options, its operands;
 * anything else (help, an unknown, repeated or clustered option, a value that looks like an
 * option, "--", an @FILE argument, a wrong number of operands) returns null and picocli parses it with its messages.
 * FastOciArgsTest compares the fields with picocli's for every verb.
 */
final class FastOciArgs {
    private FastOciArgs() {}

    /** A ready command, or null when picocli must parse {@code args}. */
    static BaseCommand parse(String[] args) {
        RootCommand root = new RootCommand();
        root.global = new GlobalOptions();
        BaseCommand verb = null;
        String verbName = null; // "ls" is "list"
        List<String> operands = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.startsWith("@")) return null; // picocli reads @FILE as more arguments
            if (!arg.startsWith("-")) {
                if (verb == null) {
                    verb = (BaseCommand) command(arg);
                    if (verb == null) return null;
                    verbName = arg.equals("ls") ? "list" : arg;
                    verb.rootCommand = root;
                } else {
                    operands.add(arg);
                }
                continue;
            }
            if (arg.length() == 1 || arg.equals("--")) return null;
            int eq = arg.indexOf('=');
            String name = eq < 0 ? arg : arg.substring(0, eq);
            String value = eq < 0 ? null : arg.substring(eq + 1);
            if (takesValue(name, verbName)) {
                if (value == null) {
                    if (i + 1 >= args.length || args[i + 1].startsWith("-")) return null;
                    value = args[++i];
                }
            } else if (value != null) {
                return null;
            }
            if (!seen.add(canonical(name, verbName))) return null; // picocli rejects a repeated option
            if (!root.global.set(name, value) && (verb == null || !own(verb, verbName, name, value))) return null;
        }
        return verb != null && operands(verb, verbName, operands) ? verb : null;
    }

    /**
     * The verb's command, typed Object and cast by the caller, and the verb told by its name rather than by
     * instanceof below: typed BaseCommand, the verifier loads every command class to check this method (and
     * instanceof loads each class it tests), nine of our classes a short verb has no use for. Measured with
     * the old parser back (41 A/B pairs, three runs): `state` +0.03x the empty JVM, `list` +0.08x.
     */
    private static Object command(String name) {
        return switch (name) {
            case "create" -> new CreateCommand();
            case "start" -> new StartCommand();
            case "state" -> new StateCommand();
            case "kill" -> new KillCommand();
            case "delete" -> new DeleteCommand();
            case "pause" -> new PauseCommand();
            case "resume" -> new ResumeCommand();
            case "list", "ls" -> new ListCommand();
            case "ps" -> new PsCommand();
            default -> null;
        };
    }

    private static boolean takesValue(String name, String verb) {
        return switch (name) {
            case "--root", "--log", "--log-format", "-b", "--bundle", "--pid-file", "--console-socket", "--format" -> true;
            case "-f" -> formats(verb); // delete's -f is --force, a flag
            default -> false;
        };
    }

    /** list and ps spell --format -f; delete spells --force so. */
    private static boolean formats(String verb) {
        return "list".equals(verb) || "ps".equals(verb);
    }

    /** Short and long spellings of one option count as one for the repeat check. */
    private static String canonical(String name, String verb) {
        return switch (name) {
            case "-b" -> "--bundle";
            case "-f" -> formats(verb) ? "--format" : "--force";
            case "-q" -> "--quiet";
            case "-a" -> "--all";
            default -> name;
        };
    }

    /** Applies one of the verb's own options; false when the verb has no such option. */
    private static boolean own(BaseCommand verb, String verbName, String name, String value) {
        switch (verbName) {
            case "create" -> {
                CreateCommand c = (CreateCommand) verb;
                switch (name) {
                    case "-b", "--bundle" -> c.bundle = value;
                    case "--pid-file" -> c.pidFile = Path.of(value);
                    case "--console-socket" -> c.consoleSocket = value;
                    case "--no-new-keyring" -> c.noNewKeyring = true;
                    case "--strict" -> c.strict = true;
                    default -> { return false; }
                }
                return true;
            }
            case "kill" -> {
                return (name.equals("-a") || name.equals("--all")) && (((KillCommand) verb).all = true);
            }
            case "delete" -> {
                return (name.equals("-f") || name.equals("--force")) && (((DeleteCommand) verb).force = true);
            }
            case "list" -> {
                ListCommand l = (ListCommand) verb;
                switch (name) {
                    case "-f", "--format" -> l.format = value;
                    case "-q", "--quiet" -> l.quiet = true;
                    default -> { return false; }
                }
                return true;
            }
            case "ps" -> {
                if (!name.equals("-f") && !name.equals("--format")) return false;
                ((PsCommand) verb).format = value;
                return true;
            }
            default -> { return false; }
        }
    }

    /** The operands (and the defaults picocli would give); false when their number is wrong. */
    private static boolean operands(BaseCommand verb, String verbName, List<String> ops) {
        if (verbName.equals("kill")) {
            if (ops.isEmpty() || ops.size() > 2) return false;
            KillCommand k = (KillCommand) verb;
            k.id = ops.get(0);
            k.signal = ops.size() == 2 ? ops.get(1) : "TERM";
            return true;
        }
        if (verbName.equals("list")) {
            ListCommand l = (ListCommand) verb;
            if (l.format == null) l.format = "table";
            return ops.isEmpty();
        }
        if (ops.size() != 1) return false;
        String id = ops.get(0);
        switch (verbName) {
            case "create" -> {
                CreateCommand c = (CreateCommand) verb;
                c.id = id;
                if (c.bundle == null) c.bundle = ".";
            }
            case "start" -> ((StartCommand) verb).id = id;
            case "state" -> ((StateCommand) verb).id = id;
            case "delete" -> ((DeleteCommand) verb).id = id;
            case "pause" -> ((PauseCommand) verb).id = id;
            case "resume" -> ((ResumeCommand) verb).id = id;
            case "ps" -> {
                PsCommand p = (PsCommand) verb;
                p.id = id;
                if (p.format == null) p.format = "table";
            }
            default -> throw new IllegalStateException(verbName); // command() makes no other
        }
        return true;
    }
}
