package io.minicontainer.app;

import io.minicontainer.diag.UserError;
import io.minicontainer.exec.HostProbe;
import io.minicontainer.plan.HostFacts;
import io.minicontainer.plan.Plan;
import io.minicontainer.plan.PlanException;
import io.minicontainer.plan.PlanRequest;
import io.minicontainer.plan.Planner;
import io.minicontainer.spec.Annotations;
import io.minicontainer.spec.LoadedSpec;
import io.minicontainer.spec.SpecLoader;
import io.minicontainer.timing.Timing;
import io.minicontainer.diag.Diagnostic;
import io.minicontainer.validate.HostPreflight;
import io.minicontainer.validate.NamespacePreflight;
import io.minicontainer.validate.RootfsTarget;
import io.minicontainer.validate.PidPreflight;
import io.minicontainer.validate.StartRequirements;
import io.minicontainer.validate.ValidationResult;
import io.minicontainer.validate.Validator;
import io.minicontainer.validate.checks.Checks;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** The shared front half of every verb that takes a bundle: load → validate → (preflight) → plan. */
public final class ConfigPipeline {
    private ConfigPipeline() {}

    /**
     * Validates a config that is already text (the quick form's, for --print-config), so diagnostics
     * point into that text; warnings go to the reporter, errors (all of them) become a UserError.
     */
    public static LoadedSpec validated(LoadedSpec loaded, boolean strict, Warnings reporter) {
        ValidationResult result = Validator.validateForStart(loaded, strict);
        return requireNoErrors(StartRequirements.apply(loaded, result.diagnostics()), loaded, reporter, null);
    }

    /** As {@link #validated}, plus the host checks that matter only when the container will really start. */
    public static LoadedSpec validatedForHost(Bundle bundle, boolean strict, HostFacts facts, StateDir global,
                                       Warnings reporter) {
        LoadedSpec loaded = SpecLoader.load(bundle.config());
        Timing.mark("config loaded and bound");
        // `validate` on a bundle directory runs the same checks, so it can list every error
        boolean standard = bundle.config().equals(bundle.dir().resolve("config.json"));
        return requireNoErrors(diagnostics(loaded, bundle.dir(), strict, facts, false, Path.of(global.root())),
                loaded, reporter, standard ? "'mini-container validate " + bundle.dir() + "' lists them all" : null);
    }

    public static LoadedSpec validatedForHost(LoadedSpec loaded, Path bundleDir, boolean strict, HostFacts facts,
                                       StateDir global, Warnings reporter) {
        return requireNoErrors(diagnostics(loaded, bundleDir, strict, facts, false, Path.of(global.root())),
                loaded, reporter, null);
    }

    /**
     * A container's recorded config with one part changed (exec's process, update's resources): the
     * same schema and semantic checks as create. The rest passed them at create, so only errors
     * anywhere and warnings under {@code changedPart} are shown (podman would print the rest every time).
     */
    public static LoadedSpec validatedPart(String name, String text, String changedPart, StateDir global, Warnings reporter) {
        LoadedSpec loaded = SpecLoader.parse(name, text);
        List<Diagnostic> all = StartRequirements.apply(loaded, Validator.validateForStart(loaded, false).diagnostics());
        List<Diagnostic> errors = all.stream().filter(Diagnostic::isError).toList();
        if (!errors.isEmpty()) {
            throw new UserError(errors.get(0).format() + (errors.size() > 1 ? " (and " + (errors.size() - 1) + " more above)" : ""),
                    errors.subList(1, errors.size()));
        }
        all.stream().filter(d -> d.pointer() != null && d.pointer().startsWith(changedPart)).forEach(reporter::diagnostic);
        return loaded;
    }

    /**
     * A JSON object given on the command line's side (exec --process, update --resources): malformed
     * text is invalid input (65) with its position, not an I/O error.
     */
    public static com.fasterxml.jackson.databind.node.ObjectNode userObject(String label, String text, String expected) {
        com.fasterxml.jackson.databind.JsonNode node;
        try {
            node = SpecLoader.mapper().readTree(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            var at = e.getLocation();
            throw new UserError(label + (at == null ? "" : ":" + at.getLineNr() + ":" + at.getColumnNr()) + ": not JSON: "
                    + e.getOriginalMessage());
        }
        if (!(node instanceof com.fasterxml.jackson.databind.node.ObjectNode o)) throw new UserError(label + ": expected " + expected);
        return o;
    }

    /**
     * The one list of checks every verb that plans runs (plan, run, run --dry-run, create, the quick
     * form) and that `validate BUNDLE_DIR` prints: a dry run that passes means `run` passes them too.
     * The host checks run only on a config without errors, as they read the values the config gives;
     * {@code stateRoot} is the runtime's own state (--root), which a rootfs must never lead to. The schema
     * engine runs always for `validate` ({@code schemaEngine}), else only when {@code SchemaPass} cannot
     * certify the config: the diagnostics are the same either way. Without the engine (the verbs that start a
     * container) the checks are {@link Checks#START}: syscall names of other CPUs are normal in real profiles
     * (podman's), so `validate` warns about them and a start does not.
     */
    public static List<Diagnostic> diagnostics(LoadedSpec loaded, Path bundleDir, boolean strict, HostFacts facts, boolean schemaEngine,
                                        Path stateRoot) {
        ValidationResult validated = schemaEngine ? Validator.validate(loaded, strict)
                : Validator.validateForStart(loaded, strict);
        List<Diagnostic> all = new ArrayList<>(StartRequirements.apply(loaded, validated.diagnostics()));
        Timing.mark("validated");
        if (!anyError(all)) {
            all.addAll(RootfsTarget.check(loaded, bundleDir, stateRoot));
            if (!anyError(all)) all.addAll(HostPreflight.check(loaded, bundleDir, facts.cgroups()).diagnostics());
            all.addAll(PidPreflight.check(loaded, Path.of("/proc")));
            all.addAll(NamespacePreflight.check(loaded, Path.of("/proc/self/ns")));
            Timing.mark("host preflight");
        }
        // in config order (by source position), whichever check found them; stable for one position
        return new ArrayList<>(new ValidationResult(all).diagnostics());
    }

    /**
     * What to plan for besides the config: the id, the bundle dir, and the host pid asked for by the
     * annotation {@value Annotations#PID} (already checked by {@code PidAnnotationCheck}).
     */
    public static PlanRequest request(LoadedSpec loaded, String containerId, Path bundleDir) {
        PlanRequest plain = PlanRequest.forRun(containerId, bundleDir.toString());
        int pid = Annotations.requestedPid(loaded.spec());
        return pid == 0 ? plain : new PlanRequest(plain.containerId(), plain.bundleDir(), null, null, pid);
    }

    /** The id given with --id, or a random "mc-…" one. */
    public static String containerId(String given) {
        // the id names a directory under --root and a cgroup: "../x" must never get that far
        return given != null ? io.minicontainer.state.StateStore.requireValidId(given)
                : "mc-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    }

    /** A plan-time refusal is a config error like any other: one line with file:line:col and its pointer. */
    public static Plan plan(LoadedSpec loaded, PlanRequest request, HostFacts facts) {
        try {
            return Planner.plan(loaded.spec(), request, facts);
        } catch (PlanException e) {
            throw new UserError(diagnostic(loaded, e).format());
        }
    }

    /**
     * What planning would refuse, for `validate BUNDLE_DIR`: the planner's own refusals (a seccomp filter
     * over the kernel's size, a cgroupsPath that names no cgroup, the helper's limits) are then reported
     * by validate too, so a bundle that validates also plans.
     */
    public static List<Diagnostic> planRefusals(LoadedSpec loaded, Path bundleDir, HostFacts facts) {
        try {
            Planner.plan(loaded.spec(), request(loaded, "validate", bundleDir), facts);
            return List.of();
        } catch (PlanException e) {
            return List.of(diagnostic(loaded, e));
        }
    }

    /** The host-independent part of planning, for `validate FILE`: the seccomp profile must compile. */
    public static List<Diagnostic> seccompRefusals(LoadedSpec loaded) {
        if (loaded.spec() == null || loaded.spec().linux() == null || loaded.spec().linux().seccomp() == null) return List.of();
        try {
            io.minicontainer.seccomp.SeccompCompiler.compile(loaded.spec().linux().seccomp());
            return List.of();
        } catch (io.minicontainer.seccomp.SeccompException e) {
            return List.of(diagnostic(loaded, new PlanException(e.pointer(), e.getMessage(), e.hint())));
        }
    }

    private static Diagnostic diagnostic(LoadedSpec loaded, PlanException e) {
        io.minicontainer.spec.SourceMap.Position at = loaded.sourceMap().nearest(e.pointer());
        return new Diagnostic(Diagnostic.Severity.ERROR, "plan", loaded.fileName(), e.pointer(), at.line(), at.column(),
                e.getMessage(), e.hint());
    }

    public static HostFacts hostFacts() { return HostProbe.facts(); }

    /** A loop, not stream().anyMatch(Diagnostic::isError): on every start, where each lambda linked costs (docs/STARTUP.md). */
    private static boolean anyError(List<Diagnostic> diagnostics) {
        for (Diagnostic d : diagnostics) if (d.isError()) return true;
        return false;
    }

    private static LoadedSpec requireNoErrors(List<Diagnostic> diagnostics, LoadedSpec loaded, Warnings reporter,
                                              String listedBy) {
        if (anyError(diagnostics)) {
            // conmon and podman show only the last line: make it the (first) error itself, not "see above";
            // the others are printed before it (BaseCommand), and `validate BUNDLE_DIR` runs the same checks
            List<Diagnostic> errors = diagnostics.stream().filter(Diagnostic::isError).toList();
            List<Diagnostic> others = diagnostics.stream().filter(d -> d != errors.get(0)).toList();
            String more = errors.size() == 1 ? "" : " (and " + (errors.size() - 1) + " more above"
                    + (listedBy == null ? "" : "; " + listedBy) + ")";
            throw new UserError(errors.get(0).format() + more, others);
        }
        for (Diagnostic d : diagnostics) reporter.diagnostic(d);
        return loaded;
    }
}
