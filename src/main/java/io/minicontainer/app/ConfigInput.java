package io.minicontainer.app;

import io.minicontainer.diag.UserError;
import io.minicontainer.plan.HostFacts;
import io.minicontainer.plan.Plan;
import io.minicontainer.plan.PlanException;
import io.minicontainer.plan.PlanRequest;
import io.minicontainer.plan.Planner;
import io.minicontainer.spec.LoadedSpec;
import io.minicontainer.spec.SpecLoader;
import io.minicontainer.diag.Diagnostic;
import io.minicontainer.validate.Validator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A config named on the command line of `diff` or `audit`: a config file, a bundle directory, or
 * {@code git:REV:PATH} (read with {@code git show REV:PATH} in the current directory; a PATH that is a
 * directory in REV means its config.json). Messages name it as the user wrote it.
 *
 * @param bundleDir     where relative paths of the config resolve (for git: PATH's directory in the work tree)
 * @param rootfsPresent whether the config's rootfs exists on this machine (never for git)
 */
public record ConfigInput(String label, LoadedSpec loaded, Path bundleDir, boolean rootfsPresent) {
    public static final String GIT = "git:";

    public static ConfigInput of(String arg) {
        if (arg.startsWith(GIT)) return fromGit(arg);
        Bundle b = Bundle.of(arg);
        String label = Files.isDirectory(Path.of(arg)) ? Path.of(arg, "config.json").toString() : arg;
        LoadedSpec loaded = SpecLoader.parseBytes(label, read(b.config())); // strict UTF-8, BOM refused: as every verb reads a config
        return new ConfigInput(label, loaded, b.dir(), rootfsExists(loaded, b.dir()));
    }

    /**
     * The config validated (schema and semantic checks, no host checks) and planned with {@code facts}.
     * Any error makes the whole command fail with exit 65, listing every diagnostic.
     */
    public Plan plan(HostFacts facts) {
        List<Diagnostic> found = Validator.validate(loaded, false).diagnostics();
        List<Diagnostic> errors = found.stream().filter(Diagnostic::isError).toList();
        if (!errors.isEmpty()) {
            throw new UserError(label + ": not a valid config (" + errors.size() + " error" + (errors.size() == 1 ? "" : "s") + ")", found);
        }
        try {
            return Planner.plan(loaded.spec(), PlanRequest.forRun("review", bundleDir.toString()), facts);
        } catch (PlanException e) {
            // as validate prints a diagnostic: which file, where, which field
            var at = loaded.sourceMap().nearest(e.pointer());
            throw new UserError(label + (at.known() ? ":" + at.line() + ":" + at.column() : "") + ": " + e.pointer() + ": "
                    + e.getMessage() + (e.hint() == null ? "" : " (" + e.hint() + ")"));
        }
    }

    /**
     * The facts to plan with: the portable ones ({@link HostFacts#portable}) when asked, or when a
     * config has no rootfs here (a config from git, a spec kept without its image) — such a config
     * is not about this machine; this host's otherwise, as `plan` would use.
     */
    public static HostFacts facts(boolean portable, List<ConfigInput> inputs) {
        boolean local = !portable && inputs.stream().allMatch(ConfigInput::rootfsPresent);
        return local ? ConfigPipeline.hostFacts() : HostFacts.portable();
    }

    private static ConfigInput fromGit(String arg) {
        int colon = arg.indexOf(':', GIT.length());
        if (colon < 0 || colon == GIT.length() || colon == arg.length() - 1) {
            throw new UserError(arg + ": expected git:REV:PATH, e.g. git:HEAD~1:config.json");
        }
        String rev = arg.substring(GIT.length(), colon), path = arg.substring(colon + 1);
        String text = gitShow(arg, rev + ":" + path);
        String shown = path;
        if (text.startsWith("tree " + rev + ":")) {
            shown = path.replaceAll("/+$", "") + "/config.json";
            text = gitShow(arg, rev + ":" + shown);
        }
        Path dir = Path.of(shown).toAbsolutePath().normalize().getParent();
        return new ConfigInput(rev + ":" + shown, SpecLoader.parse(rev + ":" + shown, text), dir, false);
    }

    private static String gitShow(String arg, String object) {
        try {
            Process p = new ProcessBuilder("git", "show", object).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            byte[] out = p.getInputStream().readAllBytes();
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new UserError(arg + ": git show " + object + " failed" + (err.isEmpty() ? "" : ": " + err.lines().findFirst().orElse("")));
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UserError(arg + ": cannot run git: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UserError(arg + ": interrupted while running git");
        }
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UserError(file + ": cannot read: " + e.getMessage());
        }
    }

    private static boolean rootfsExists(LoadedSpec loaded, Path dir) {
        if (loaded.spec() == null) return false;
        String root = loaded.spec().root() == null || loaded.spec().root().path() == null ? "rootfs" : loaded.spec().root().path();
        return Files.isDirectory(dir.resolve(root));
    }
}
