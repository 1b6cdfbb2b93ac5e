package io.minicontainer.cgroup;

import java.util.Map;
import java.util.Set;

/**
 * Which cgroup hierarchies this host has. PLACEHOLDER: the cgroup driver work replaces the body
 * (detection from /proc/self/mountinfo) but keeps this record's shape usable by the planner.
 *
 * @param v1                 v1 controller name → mount point ("memory" → "/sys/fs/cgroup/memory")
 * @param unified            the cgroup2 mount point, or null
 * @param unifiedControllers controllers enabled in the cgroup2 root (cgroup.controllers)
 */
public record CgroupLayout(Map<String, String> v1, String unified, Set<String> unifiedControllers) {}
