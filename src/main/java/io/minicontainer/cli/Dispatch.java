package io.minicontainer.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Decides between a verb and the quick form before picocli parses anything. The rule: the first
 * argument that is neither an option nor an option's value names the verb if it is one (verbs
 * win: a rootfs or program literally named "run" must be written "./run"); otherwise the command
 * line is the quick form, routed to the hidden verb "quick" after the leading global options.
 */
final class Dispatch {
    static final String QUICK = "quick";

    private Dispatch() {}

    static String[] route(CommandLine root, String... args) {
        CommandSpec rootSpec = root.getCommandSpec();
        CommandSpec quickSpec = root.getSubcommands().get(QUICK).getCommandSpec();
        boolean quickForm = false;
        int operand = -1;
        for (int i = 0; i < args.length && operand < 0; i++) {
            String a = args[i];
            if (a.equals("--")) {
                quickForm = true; // only the quick form takes "-- ARGS"
                break;
            }
            if (a.startsWith("-") && a.length() > 1) {
                String name = a.contains("=") ? a.substring(0, a.indexOf('=')) : a;
                OptionSpec own = rootSpec.findOption(name);
                OptionSpec option = own != null ? own : quickSpec.findOption(name);
                if (own == null && option != null) quickForm = true;
                if (option != null && !a.contains("=") && takesValue(option)) i++;
                continue;
            }
            operand = i;
        }
        if (operand >= 0 && root.getSubcommands().containsKey(args[operand])) return args;
        if (operand < 0 && !quickForm) return args; // --help, --version, or a mistake picocli will name
        int at = leadingGlobalOptions(rootSpec, args);
        List<String> routed = new ArrayList<>(Arrays.asList(args));
        routed.add(at, QUICK);
        return routed.toArray(String[]::new);
    }

    /**
     * "unknown command 'sttae' (did you mean state?)" when the first operand is neither a verb nor
     * plausibly the quick form's COMMAND: it has no '/', is no existing path, and the next operand
     * neither has a '/' nor is an existing directory (a ROOTFS). Otherwise null. A typo must not become "ROOTFS x: no such directory".
     */
    static String unknownVerb(CommandLine root, String... args) {
        List<String> ops = operands(root, args, 2);
        if (ops.isEmpty() || root.getSubcommands().containsKey(ops.get(0))) return null;
        String first = ops.get(0);
        if (first.contains("/") || java.nio.file.Files.exists(java.nio.file.Path.of(first))) return null;
        if (ops.size() > 1 && (ops.get(1).contains("/") || java.nio.file.Files.isDirectory(java.nio.file.Path.of(ops.get(1))))) return null;
        List<String> verbs = new ArrayList<>();
        for (Verbs.Verb v : Verbs.ALL) if (!v.name().equals(QUICK)) verbs.add(v.name());
        return "unknown command '" + first + "'"
                + io.minicontainer.validate.core.DidYouMean.closest(first, verbs).map(v -> " (did you mean " + v + "?)").orElse("");
    }

    /** Up to {@code max} operands before any "--", option values skipped (root and quick-form options). */
    private static List<String> operands(CommandLine root, String[] args, int max) {
        CommandSpec rootSpec = root.getCommandSpec();
        CommandSpec quickSpec = root.getSubcommands().get(QUICK).getCommandSpec();
        List<String> found = new ArrayList<>();
        for (int i = 0; i < args.length && found.size() < max; i++) {
            String a = args[i];
            if (a.equals("--")) break;
            if (a.startsWith("-") && a.length() > 1) {
                String name = a.contains("=") ? a.substring(0, a.indexOf('=')) : a;
                OptionSpec own = rootSpec.findOption(name);
                OptionSpec option = own != null ? own : quickSpec.findOption(name);
                if (option != null && !a.contains("=") && takesValue(option)) i++;
                continue;
            }
            found.add(a);
        }
        return found;
    }

    /**
     * The verb when the command line is {@code [ROOT OPTIONS] VERB ...} with only the root's own
     * options (no help/version) before it; otherwise null, and {@link #route} decides on the full
     * tree. For such a line route() would return the arguments unchanged, so parsing them with a
     * tree that holds just this verb gives the same result.
     */
    static Verbs.Verb plainVerb(CommandSpec rootSpec, String... args) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("-") || a.length() == 1) return Verbs.find(a);
            if (a.equals("--")) return null;
            OptionSpec o = rootSpec.findOption(a.contains("=") ? a.substring(0, a.indexOf('=')) : a);
            if (o == null || o.usageHelp() || o.versionHelp()) return null;
            if (!a.contains("=") && takesValue(o)) i++;
        }
        return null;
    }

    /** How many arguments the global options at the front take up (those stay before the verb). */
    private static int leadingGlobalOptions(CommandSpec rootSpec, String[] args) {
        int i = 0;
        while (i < args.length) {
            String a = args[i];
            String name = a.contains("=") ? a.substring(0, a.indexOf('=')) : a;
            OptionSpec o = a.startsWith("-") ? rootSpec.findOption(name) : null;
            if (o == null || o.usageHelp() || o.versionHelp()) break;
            i += (!a.contains("=") && takesValue(o)) ? 2 : 1;
        }
        return Math.min(i, args.length);
    }

    private static boolean takesValue(OptionSpec o) { return o.arity().max() > 0; }
}
