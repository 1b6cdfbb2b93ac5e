package io.minicontainer.validate.checks;

import io.minicontainer.validate.core.SemanticCheck;
import java.util.ArrayList;
import java.util.List;

/** Every semantic check, in the order they run (roughly the order of the config file). */
public final class Checks {
    private Checks() {}

    public static final List<SemanticCheck> ALL = List.of(
            new OciVersionCheck(),
            new RootPathCheck(),
            new ArgsCheck(),
            new CwdCheck(),
            new EnvCheck(),
            new CapabilitiesCheck(),
            new RlimitsCheck(),
            new OomScoreAdjCheck(),
            new UmaskCheck(),
            new HostnameNeedsUtsCheck(),
            new MountDestinationsCheck(),
            new HookPathsCheck(),
            new NamespaceTypesCheck(),
            new DuplicateNamespacesCheck(),
            new NamespacePathsCheck(),
            new IdMappingsUserNsCheck(),
            new MemoryLimitsCheck(),
            new PidsLimitCheck(),
            new CpuLimitsCheck(),
            new CgroupsPathCheck(),
            new MaskedReadonlyPathsCheck(),
            new RootfsPropagationCheck(),
            new SeccompCheck(),
            new PidAnnotationCheck(),
            new DeviceRulesCheck(),
            new DeviceNodesCheck(),
            new AmbientCapabilitiesCheck(),
            new MountNamespaceCheck(),
            new UserNamespaceMountIdsCheck(),
            new SeccompNamesCheck(),
            new IdRangeCheck(),
            new HostnameLengthCheck(),
            new StringsCheck(),
            new SysctlCheck(),
            new HelperLimitsCheck(),
            new UnsupportedFieldsCheck(),
            new BlockIoCheck(),
            new KernelTcpCheck(),
            new ProcessAttributesCheck(),
            new ConsoleSizeCheck(),
            new IdMappingRangesCheck(),
            new MountTargetsCheck());

    /**
     * {@link #ALL} but {@link SeccompNamesCheck}, for the verbs that start or change a container (run, create, plan,
     * the quick form, exec --process, update --resources): that check only warns, and those verbs drop its warnings (podman's profile names
     * syscalls of other CPUs on every create), so running it only cost time: ~13 ms of main-thread CPU of a cold
     * `create` of podman's config (the sorted name set and did-you-mean for 8 names; median of 7, load 5).
     */
    public static final List<SemanticCheck> START = without(SeccompNamesCheck.class);

    private static List<SemanticCheck> without(Class<? extends SemanticCheck> left) {
        List<SemanticCheck> out = new ArrayList<>(ALL.size());
        for (SemanticCheck c : ALL) if (c.getClass() != left) out.add(c); // a loop: no lambda on every start
        return List.copyOf(out);
    }
}
