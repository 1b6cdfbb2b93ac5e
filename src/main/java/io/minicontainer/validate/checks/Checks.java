package io.minicontainer.validate.checks;

import io.minicontainer.validate.core.SemanticCheck;
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
}
