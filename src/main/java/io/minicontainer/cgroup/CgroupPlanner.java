package io.minicontainer.cgroup;

import io.minicontainer.spec.Spec;
import java.util.List;
import java.util.Map;

/** TEMPORARY stub: replaced by the cgroup driver branch. */
public final class CgroupPlanner {
    private CgroupPlanner() {}

    public static CgroupSetup plan(CgroupLayout layout, Map<String, String> ownCgroups, String cgroupsPath,
                                   Spec.Resources resources) {
        return new CgroupSetup(List.of(), List.of(), List.of(), List.of());
    }
}
