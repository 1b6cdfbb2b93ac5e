package io.minicontainer.plan;

/** Where a step executes. */
public enum Where {
    /** In the JVM, on the host (cgroup files, state). */
    HOST,
    /** In the native helper process, outside the container (cgroup join, setns, clone, id maps). */
    HELPER,
    /** Inside the new container process, between clone and execve (run by the helper's child). */
    CONTAINER
}
