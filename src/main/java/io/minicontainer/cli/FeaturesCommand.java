package io.minicontainer.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.minicontainer.plan.PlannerFeatures;
import io.minicontainer.spec.CapabilityNames;
import io.minicontainer.state.StateStore;
import io.minicontainer.validate.core.SupportTable;
import io.minicontainer.seccomp.Arch;
import io.minicontainer.seccomp.Operator;
import io.minicontainer.seccomp.SeccompCompiler;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
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
        seccomp(linux.putObject("seccomp"));
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

    /** From the compiler's own tables, so the document cannot claim what the compiler refuses. */
    private static void seccomp(ObjectNode o) {
        o.put("enabled", true);
        strings(o.putArray("actions"), SeccompCompiler.supportedActions());
        strings(o.putArray("operators"), Operator.scmpNames());
        List<String> archs = new ArrayList<>();
        for (Arch a : Arch.values()) archs.add(a.scmpName);
        strings(o.putArray("archs"), archs);
        List<String> flags = new ArrayList<>(new TreeSet<>(SeccompCompiler.FLAGS.keySet()));
        strings(o.putArray("knownFlags"), flags);
        strings(o.putArray("supportedFlags"), flags);
    }

    private static void strings(ArrayNode array, Iterable<String> values) {
        for (String v : values) array.add(v);
    }
}
