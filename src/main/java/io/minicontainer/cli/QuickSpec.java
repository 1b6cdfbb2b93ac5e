package io.minicontainer.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.minicontainer.diag.UserError;
import io.minicontainer.spec.Annotations;
import io.minicontainer.spec.DefaultSpec;
import io.minicontainer.spec.Spec;
import io.minicontainer.spec.SpecBinder;
import io.minicontainer.spec.SpecLoader;
import java.io.UncheckedIOException;
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
    /** The loader's mapper (already built on this path; a second one costs start-up time), indented like `spec`. */
    private static final ObjectWriter PRETTY = SpecLoader.mapper().writer(SerializationFeature.INDENT_OUTPUT);

    /** What the quick form's options ask for; null fields mean "not given". */
    record Request(String command, List<String> args, String rootfs, String memory, Long nproc, String user,
                   List<String> capDrop, List<String> capAdd, Integer pid) {}

    private QuickSpec() {}

    /**
     * The default config as a JSON tree, each option written into it by name, then bound to {@link Spec}: no positional
     * record constructor is copied field by field here, so a field added to Spec (or to DefaultSpec) passes through.
     */
    static Spec build(Request r, Path cwd) {
        ObjectNode config = tree(DefaultSpec.create(argv(r.command(), r.args()), rootfs(r.rootfs(), cwd).toString(), false));
        ObjectNode process = (ObjectNode) config.get("process");
        if (r.user() != null) {
            UserFlag u = UserFlag.parse(r.user());
            process.putObject("user").put("uid", u.uid()).put("gid", u.gid());
        }
        if (!isEmpty(r.capDrop()) || !isEmpty(r.capAdd())) {
            process.set("capabilities", tree(CapabilityFlags.resolve(r.capDrop(), r.capAdd())));
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
     * A record as a tree, through its text and the loader's streaming tree reader: Jackson's valueToTree would load
     * databind's tree deserializer and TokenBuffer for this alone (12 more classes on a cold start); the serializers
     * are needed anyway for the printed text.
     */
    private static ObjectNode tree(Object value) {
        try {
            return (ObjectNode) SpecLoader.readTree(new java.io.ByteArrayInputStream(SpecLoader.mapper().writeValueAsBytes(value)));
        } catch (java.io.IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The config as a user would keep it: indented JSON, one trailing newline (what `spec` writes). */
    static String text(Spec spec) {
        try {
            return PRETTY.writeValueAsString(spec) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
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
