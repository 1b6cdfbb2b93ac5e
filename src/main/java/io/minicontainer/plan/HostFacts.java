package io.minicontainer.plan;

import io.minicontainer.cgroup.CgroupLayout;
import java.util.Map;

/**
 * What the planner needs to know about the host, read once before planning so that planning
 * itself stays pure. Tests pass hand-made facts.
 *
 * @param cgroups     the detected cgroup layout (v1, v2 or hybrid)
 * @param ownCgroups  this process's cgroup per hierarchy, from /proc/self/cgroup ("memory" → "/a/b", "" → v2 path)
 * @param lastCap     /proc/sys/kernel/cap_last_cap
 */
public record HostFacts(CgroupLayout cgroups, Map<String, String> ownCgroups, int lastCap) {}
