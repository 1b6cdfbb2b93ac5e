package io.minicontainer.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.minicontainer.diag.UserError;
import io.minicontainer.spec.Annotations;
import io.minicontainer.spec.DefaultSpec;
import io.minicontainer.spec.Spec;
import io.minicontainer.spec.SpecBinder;
import io.minicontainer.spec.SpecTree;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Turns the quick form's command line into the config.json it stands for: {@link DefaultSpec} with
 * the user's rootfs used in place (absolute root.path, writable) and the options applied. The
 * result is text, so it is validated and printed exactly like a config file.
 */
final class QuickSpec {
    /** What the quick form's options ask for; null fields mean "not given". */
    record Request(String command, List<String> args, String rootfs, String memory, Long nproc, String user,
                   List<String> capDrop, List<String> capAdd, Integer pid) {}

    private QuickSpec() {}

    /**
     * The default config as a JSON tree, each option written into it by name, then bound to {@link Spec}: no positional
     * record constructor is copied field by field here, so a field added to Spec (or to DefaultSpec) passes through.
     */
    static Spec build(Request r, Path cwd) {
        ObjectNode config = SpecTree.of(DefaultSpec.create(argv(r.command(), r.args()), rootfs(r.rootfs(), cwd).toString(), false));
        ObjectNode process = (ObjectNode) config.get("process");
        if (r.user() != null) {
            UserFlag u = UserFlag.parse(r.user());
            process.putObject("user").put("uid", u.uid()).put("gid", u.gid());
        }
        if (!isEmpty(r.capDrop()) || !isEmpty(r.capAdd())) {
            process.set("capabilities", SpecTree.of(CapabilityFlags.resolve(r.capDrop(), r.capAdd())));
        }
        if (r.memory() != null || r.nproc() != null) {
            ObjectNode resources = config.withObject("/linux/resources");
            if (r.memory() != null) resources.putObject("memory").put("limit", MemorySize.bytes(r.memory()));
            if (r.nproc() != null) resources.putObject("pids").put("limit", r.nproc());
        }
        if (r.pid() != null) config.putObject("annotations").put(Annotations.PID, Integer.toString(r.pid()));
        Spec spec = SpecBinder.bindOrNull(config);
        if (spec == null) throw new IllegalStateException("the quick form's config does not bind: " + config);
        return spec;
    }

    /**
     * The config as a user would keep it: indented JSON, one trailing newline (what `spec` writes). Written by hand
     * (SpecTree), not with ObjectMapper: building a mapper and its record serializers loaded ~365 databind classes
     * on every quick-form start (docs/STARTUP.md); SpecTreeTest holds the text equal to ObjectMapper's.
     */
    static String text(Spec spec) {
        return SpecTree.pretty(SpecTree.of(spec)) + "\n";
    }

    /** COMMAND then ARGS; a COMMAND with blanks ("/bin/echo hello world") is split on whitespace first. */
    static List<String> argv(String command, List<String> args) {
        List<String> argv = new ArrayList<>();
        String trimmed = command == null ? "" : command.strip();
        if (trimmed.isEmpty()) throw new UserError("COMMAND is empty: give a program in the rootfs, e.g. /bin/sh");
        argv.addAll(Arrays.asList(trimmed.split("\\s+")));
        if (args != null) argv.addAll(args);
        return argv;
    }

    /** ROOTFS resolved against the cwd; it must be an existing directory (used in place, never written next to). */
    static Path rootfs(String given, Path cwd) {
        Path p = cwd.resolve(given).toAbsolutePath().normalize();
        if (!Files.exists(p)) throw new UserError("ROOTFS " + given + ": no such directory (" + p + ")");
        if (!Files.isDirectory(p)) throw new UserError("ROOTFS " + given + ": not a directory (give the directory holding bin/, etc/, ...)");
        return p;
    }

    private static boolean isEmpty(List<String> l) { return l == null || l.isEmpty(); }
}
