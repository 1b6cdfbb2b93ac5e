package io.minicontainer.cli;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The quick form ({@code [GLOBAL...] COMMAND ROOTFS [-- ARGS...]}) without picocli, as {@link FastRunArgs}
 * does for run: the quick form needs picocli's full tree (every verb's model, to tell a verb from a
 * COMMAND), which made a quick /bin/true 11.7x the empty JVM against run's 5.3x (docs/STARTUP.md).
 * Only plain shapes are taken: global and quick-form options with one value each (no repeats, no
 * comma lists), exactly two operands of which the first is no verb, then optionally "--" and ARGS.
 * Anything else (help, an unknown option, a value that looks like an option or is not a number where
 * one belongs, a third operand without "--", what Dispatch would call an unknown verb) returns null
 * and picocli parses it with its messages. FastQuickArgsTest compares the fields with picocli's.
 */
final class FastQuickArgs {
    private FastQuickArgs() {}

    /** A ready QuickCommand, or null when picocli must parse {@code args}. */
    static QuickCommand parse(String[] args) {
        RootCommand root = new RootCommand();
        root.global = new GlobalOptions();
        QuickCommand quick = new QuickCommand();
        quick.rootCommand = root;
        quick.format = "text";
        List<String> operands = new ArrayList<>(2);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.startsWith("@")) return null; // picocli expands @FILE argument files
            if (arg.equals("--")) {
                if (operands.size() != 2 || i + 1 >= args.length) return null;
                quick.args = new ArrayList<>(List.of(args).subList(i + 1, args.length));
                break;
            }
            if (arg.equals("-")) return null;
            if (!arg.startsWith("-")) {
                if (operands.size() == 2) return null;
                operands.add(arg);
                continue;
            }
            int eq = arg.indexOf('=');
            String name = eq < 0 ? arg : arg.substring(0, eq);
            String value = eq < 0 ? null : arg.substring(eq + 1);
            if (takesValue(name)) {
                if (value == null) {
                    if (i + 1 >= args.length || args[i + 1].startsWith("-")) return null;
                    value = args[++i];
                }
            } else if (value != null) {
                return null;
            }
            if (!seen.add(canonical(name))) return null;
            if (!root.global.set(name, value) && !set(name, value, quick)) return null;
        }
        if (operands.size() != 2 || Verbs.find(operands.get(0)) != null || mayBeUnknownVerb(operands)) return null;
        quick.command = operands.get(0);
        quick.rootfs = operands.get(1);
        return quick;
    }

    /** Dispatch.unknownVerb's rule: a COMMAND that may be a mistyped verb is left to it. */
    private static boolean mayBeUnknownVerb(List<String> ops) {
        String first = ops.get(0), second = ops.get(1);
        if (first.contains("/") || java.nio.file.Files.exists(java.nio.file.Path.of(first))) return false;
        return !(second.contains("/") || java.nio.file.Files.isDirectory(java.nio.file.Path.of(second)));
    }

    private static boolean takesValue(String name) {
        return switch (name) {
            case "--root", "--log", "--log-format", "-p", "--pid", "-m", "--memory", "--nproc", "-u", "--user",
                 "--cap-add", "--cap-drop", "--format", "--id" -> true;
            default -> false;
        };
    }

    private static String canonical(String name) {
        return switch (name) {
            case "-p" -> "--pid";
            case "-m" -> "--memory";
            case "-u" -> "--user";
            default -> name;
        };
    }

    /**
     * Applies one quick-form option; false when it is not one, or its value needs picocli's conversion
     * (a number other than plain decimal digits, a comma list: picocli's rules and messages are its own).
     */
    private static boolean set(String name, String value, QuickCommand q) {
        switch (name) {
            case "-p", "--pid" -> {
                if (!plainNumber(value, 9)) return false;
                q.pid = Integer.valueOf(value);
            }
            case "--nproc" -> {
                if (!plainNumber(value, 18)) return false;
                q.nproc = Long.valueOf(value);
            }
            case "-m", "--memory" -> q.memory = value;
            case "-u", "--user" -> q.user = value;
            case "--cap-add", "--cap-drop" -> {
                if (value.isEmpty() || value.indexOf(',') >= 0) return false;
                List<String> one = new ArrayList<>(1);
                one.add(value);
                if (name.equals("--cap-add")) q.capAdd = one; else q.capDrop = one;
            }
            case "--dry-run" -> q.dryRun = true;
            case "--print-config" -> q.printConfig = true;
            case "--format" -> q.format = value;
            case "--trace" -> q.trace = true;
            case "--id" -> q.id = value;
            default -> { return false; }
        }
        return true;
    }

    /** 1 to {@code maxDigits} decimal digits, no sign, no leading zero (so it means the same to any parser). */
    private static boolean plainNumber(String s, int maxDigits) {
        if (s.isEmpty() || s.length() > maxDigits || (s.length() > 1 && s.charAt(0) == '0')) return false;
        for (int i = 0; i < s.length(); i++) if (s.charAt(i) < '0' || s.charAt(i) > '9') return false;
        return true;
    }
}
