package io.minicontainer.cli;

import io.minicontainer.app.ConfigInput;
import io.minicontainer.diff.DiffPrinter;
import io.minicontainer.diff.DiffResult;
import io.minicontainer.diff.Side;
import io.minicontainer.diff.SpecDiff;
import io.minicontainer.diag.UserError;
import io.minicontainer.plan.HostFacts;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "diff", description = {
        "Plan two configs and print what the change does to the container.",
        "Each change (capabilities, limits, mounts, masked paths, namespaces, user,",
        "seccomp decisions, devices, hooks, other applied fields) names its config",
        "field on both sides. The summary: widens isolation (the container reaches",
        "more), narrows isolation, mixed or neutral.",
        "OLD and NEW: config files, bundle directories or git:REV:PATH.",
        "Exit 0 when the plans are equal, 1 when they differ, 65 for an invalid config."})
final class DiffCommand extends BaseCommand {
    @Parameters(index = "0", paramLabel = "OLD")
    String oldArg;

    @Parameters(index = "1", paramLabel = "NEW")
    String newArg;

    @Option(names = "--format", defaultValue = "text", description = "text or json.")
    String format;

    @Option(names = "--portable", description = "Plan with the portable host facts (cgroup v2) even when both rootfs are here (the default otherwise).")
    boolean portable;

    @Override
    protected int execute() {
        if (!format.equals("text") && !format.equals("json")) throw new UserError("--format " + format + ": expected text or json");
        ConfigInput a = ConfigInput.of(oldArg), b = ConfigInput.of(newArg);
        HostFacts facts = ConfigInput.facts(portable, List.of(a, b));
        DiffResult d = SpecDiff.compare(new Side(a.label(), a.loaded(), a.plan(facts)), new Side(b.label(), b.loaded(), b.plan(facts)));
        System.out.print(format.equals("json") ? DiffPrinter.json(d) : DiffPrinter.text(d));
        return d.equal() ? ExitCode.OK : ExitCode.DIFFERENT;
    }
}
