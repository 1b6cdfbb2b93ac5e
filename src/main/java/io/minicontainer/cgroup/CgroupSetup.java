package io.minicontainer.cgroup;

import io.minicontainer.plan.HostStep;
import java.util.List;

/** TEMPORARY stub: replaced by the cgroup driver branch. */
public record CgroupSetup(List<HostStep> setup, List<String> procsFiles, List<String> originProcsFiles,
                          List<HostStep.CgroupRemove> cleanup) {}
