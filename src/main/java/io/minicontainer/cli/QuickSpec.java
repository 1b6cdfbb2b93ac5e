package io.minicontainer.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.minicontainer.diag.UserError;
import io.minicontainer.spec.Annotations;
import io.minicontainer.spec.DefaultSpec;
import io.minicontainer.spec.Spec;
import io.minicontainer.spec.SpecLoader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

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

    static Spec build(Request r, Path cwd) {
        Spec base = DefaultSpec.create(argv(r.command(), r.args()), rootfs(r.rootfs(), cwd).toString(), false);
        Spec.Process p = base.process();
        Spec.User user = p.user();
        if (r.user() != null) {
            UserFlag u = UserFlag.parse(r.user());
            user = new Spec.User(u.uid(), u.gid(), null, null, null);
        }
        Spec.Capabilities caps = p.capabilities();
        if (!isEmpty(r.capDrop()) || !isEmpty(r.capAdd())) caps = CapabilityFlags.resolve(r.capDrop(), r.capAdd());
        Spec.Process process = new Spec.Process(p.terminal(), p.consoleSize(), user, p.args(), p.env(), p.cwd(), caps,
                p.rlimits(), p.noNewPrivileges(), p.oomScoreAdj(), p.apparmorProfile(), p.selinuxLabel());
        Spec.Linux l = base.linux();
        Spec.Linux linux = new Spec.Linux(l.namespaces(), l.uidMappings(), l.gidMappings(), resources(r, l.resources()), l.cgroupsPath(),
                l.sysctl(), l.maskedPaths(), l.readonlyPaths(), l.devices(), l.rootfsPropagation(), l.seccomp(), l.mountLabel());
        Map<String, String> annotations = r.pid() == null ? null : Map.of(Annotations.PID, Integer.toString(r.pid()));
        return new Spec(base.ociVersion(), base.root(), process, base.hostname(), base.domainname(), base.mounts(),
                base.hooks(), annotations, linux);
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

    private static Spec.Resources resources(Request r, Spec.Resources base) {
        if (r.memory() == null && r.nproc() == null) return base;
        Spec.Memory memory = r.memory() == null ? null
                : new Spec.Memory(MemorySize.bytes(r.memory()), null, null, null, null, null, null);
        Spec.Pids pids = r.nproc() == null ? null : new Spec.Pids(r.nproc());
        return new Spec.Resources(memory, pids, null, base == null ? null : base.devices());
    }

    private static boolean isEmpty(List<String> l) { return l == null || l.isEmpty(); }
}
