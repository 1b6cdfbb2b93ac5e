package io.minicontainer.plan;

import io.minicontainer.spec.NamespaceKind;
import java.util.List;
import java.util.SortedSet;

/** What the planner understands, for the `features` document: namespace types and mount option names. */
public final class PlannerFeatures {
    private PlannerFeatures() {}

    public static List<String> namespaces() { return NamespaceKind.configNames(); }

    public static SortedSet<String> mountOptions() { return MountOptions.flagNames(); }
}
