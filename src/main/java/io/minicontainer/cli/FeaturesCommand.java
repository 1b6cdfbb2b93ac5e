package io.minicontainer.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.minicontainer.plan.PlannerFeatures;
import io.minicontainer.spec.CapabilityNames;
import io.minicontainer.state.StateStore;
import io.minicontainer.validate.SupportTable;
import java.util.List;
import picocli.CommandLine.Command;

/** The runtime-spec "features" document (features.md): what this runtime supports. */
@Command(name = "features", description = "Print what this runtime supports as JSON (OCI features document).")
final class FeaturesCommand extends BaseCommand {
    static final List<String> HOOKS = List.of("prestart", "createRuntime", "createContainer", "startContainer", "poststart", "poststop");

    @Override
    protected int execute() {
        System.out.println(document().toPrettyString());
        return ExitCode.OK;
    }

    static ObjectNode document() {
        ObjectNode o = StateStore.mapper().createObjectNode();
        o.put("ociVersionMin", "1.0.0");
        o.put("ociVersionMax", VersionProvider.SPEC_VERSION);
        strings(o.putArray("hooks"), HOOKS);
        strings(o.putArray("mountOptions"), PlannerFeatures.mountOptions());
        ObjectNode linux = o.putObject("linux");
        strings(linux.putArray("namespaces"), PlannerFeatures.namespaces());
        strings(linux.putArray("capabilities"), CapabilityNames.all());
        ObjectNode cgroup = linux.putObject("cgroup");
        // what is enabled is read from the support table, the same one validate refuses fields by
        cgroup.put("v1", true).put("v2", true).put("systemd", false).put("systemdUser", false)
                .put("rdma", applied("/linux/resources/rdma"));
        linux.putObject("seccomp").put("enabled", applied("/linux/seccomp"));
        linux.putObject("apparmor").put("enabled", applied("/process/apparmorProfile"));
        linux.putObject("selinux").put("enabled", applied("/process/selinuxLabel") && applied("/linux/mountLabel"));
        linux.putObject("intelRdt").put("enabled", applied("/linux/intelRdt"));
        ObjectNode annotations = o.putObject("annotations");
        annotations.put("io.minicontainer.version", VersionProvider.VERSION);
        annotations.put("io.minicontainer.helper", "static C step interpreter (mc-helper)");
        annotations.put("io.minicontainer.refusedFields", String.join(",", SupportTable.refused()));
        annotations.put("io.minicontainer.supportTable", "docs/SUPPORT.md");
        return o;
    }

    private static boolean applied(String pattern) { return SupportTable.status(pattern) == SupportTable.Status.APPLIED; }

    private static void strings(ArrayNode array, Iterable<String> values) {
        for (String v : values) array.add(v);
    }
}
