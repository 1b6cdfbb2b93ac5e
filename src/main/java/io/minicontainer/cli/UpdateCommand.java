package io.minicontainer.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.minicontainer.app.ConfigPipeline;
import io.minicontainer.exec.ResourceUpdate;
import io.minicontainer.diag.UserError;
import io.minicontainer.spec.LoadedSpec;
import io.minicontainer.spec.SpecLoader;
import io.minicontainer.state.ContainerLock;
import io.minicontainer.state.ContainerState;
import io.minicontainer.state.StateStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * runc's update: new linux.resources values (a JSON file, or flags) are merged into the container's
 * recorded config, validated like any config, written to its live cgroups, then recorded, so `state`'s
 * directory and the next update see them.
 */
@Command(name = "update", description = "Change a container's resource limits while it runs (runc's interface).")
final class UpdateCommand extends ContainerCommand {
    @Option(names = {"-r", "--resources"}, paramLabel = "FILE", description = "linux.resources as JSON; '-' reads stdin.")
    String resources;

    @Option(names = {"-m", "--memory"}, paramLabel = "BYTES", description = "Memory limit (bytes, or with k/m/g; -1: none).")
    String memory;

    @Option(names = "--memory-swap", paramLabel = "BYTES", description = "Memory plus swap limit (-1: none).")
    String memorySwap;

    @Option(names = "--memory-reservation", paramLabel = "BYTES", description = "Memory soft limit.")
    String memoryReservation;

    @Option(names = "--pids-limit", paramLabel = "N", description = "Maximum number of tasks (-1: none).")
    Long pidsLimit;

    @Option(names = "--cpu-shares", paramLabel = "N") Long cpuShares;
    @Option(names = "--cpu-quota", paramLabel = "MICROS") Long cpuQuota;
    @Option(names = "--cpu-period", paramLabel = "MICROS") Long cpuPeriod;
    @Option(names = "--cpuset-cpus", paramLabel = "LIST") String cpusetCpus;
    @Option(names = "--cpuset-mems", paramLabel = "LIST") String cpusetMems;

    @Parameters(paramLabel = "ID", description = "Container id.")
    String id;

    @Override
    protected int execute() throws Exception {
        StateStore store = store();
        try (ContainerLock lock = ops().lockExisting(id)) {
            ContainerState s = store.require(id);
            String status = ops().status(s);
            if (!Set.of(ContainerState.CREATED, ContainerState.RUNNING, ContainerState.PAUSED).contains(status)) {
                throw new UserError("container '" + id + "' is " + status + ": there are no live cgroups to update");
            }
            String config = store.readConfig(id).orElseThrow(() -> new UserError("container '" + id
                    + "' has no recorded config (created by an older mini-container): update cannot merge into it"));
            String merged = merge(config);
            LoadedSpec loaded = validated(merged);
            ResourceUpdate.apply(loaded.spec().linux().resources(), s.cgroupDirs());
            store.writeConfig(id, merged);
        }
        return ExitCode.OK;
    }

    private String merge(String configText) throws Exception {
        var mapper = SpecLoader.mapper();
        ObjectNode config = (ObjectNode) mapper.readTree(configText);
        ObjectNode res = config.withObject("/linux").withObject("/resources");
        if (resources != null) {
            String text = resources.equals("-") ? new String(System.in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
                    : Files.readString(Path.of(resources));
            deepMerge(res, ConfigPipeline.userObject("--resources " + resources, text, "a JSON object (linux.resources)"));
        }
        if (memory != null) res.withObject("/memory").put("limit", bytes("--memory", memory));
        if (memorySwap != null) res.withObject("/memory").put("swap", bytes("--memory-swap", memorySwap));
        if (memoryReservation != null) res.withObject("/memory").put("reservation", bytes("--memory-reservation", memoryReservation));
        if (pidsLimit != null) res.withObject("/pids").put("limit", pidsLimit);
        if (cpuShares != null) res.withObject("/cpu").put("shares", cpuShares);
        if (cpuQuota != null) res.withObject("/cpu").put("quota", cpuQuota);
        if (cpuPeriod != null) res.withObject("/cpu").put("period", cpuPeriod);
        if (cpusetCpus != null) res.withObject("/cpu").put("cpus", cpusetCpus);
        if (cpusetMems != null) res.withObject("/cpu").put("mems", cpusetMems);
        return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(config);
    }

    /** Objects merge field by field; anything else given replaces what was recorded (runc: a field given is set). */
    private static void deepMerge(ObjectNode into, ObjectNode from) {
        from.fields().forEachRemaining(e -> {
            if (e.getValue() instanceof ObjectNode o && into.get(e.getKey()) instanceof ObjectNode existing) deepMerge(existing, o);
            else into.set(e.getKey(), e.getValue());
        });
    }

    /** runc's sizes: plain bytes, or a k/m/g/t suffix (powers of 1024); -1 is "no limit". */
    static long bytes(String flag, String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        if (t.equals("-1")) return -1;
        var m = java.util.regex.Pattern.compile("([0-9]+)([kmgt]?)(i?b)?").matcher(t);
        if (!m.matches()) throw new UserError(flag + " " + text + ": not a size (bytes, or with a suffix: 64k, 512m, 1g; -1 for none)");
        int shift = switch (m.group(2)) {
            case "k" -> 10;
            case "m" -> 20;
            case "g" -> 30;
            case "t" -> 40;
            default -> 0;
        };
        long n;
        try {
            n = Long.parseLong(m.group(1));
        } catch (NumberFormatException e) { // more digits than a long holds
            throw new UserError(flag + " " + text + ": too large");
        }
        if (n > (Long.MAX_VALUE >> shift)) throw new UserError(flag + " " + text + ": too large");
        return n << shift;
    }

    /** The same checks as create; only errors, and warnings about the resources, are shown. */
    private LoadedSpec validated(String text) {
        return ConfigPipeline.validatedPart("resources of " + id, text, "/linux/resources", global, reporter());
    }
}
