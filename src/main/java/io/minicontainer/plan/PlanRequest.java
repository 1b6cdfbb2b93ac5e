package io.minicontainer.plan;

/**
 * What the caller wants besides the config.
 *
 * @param containerId   the container's id (names the default cgroup)
 * @param bundleDir     absolute bundle directory; relative root.path and mount sources resolve against it
 * @param execFifo      for create: the fifo the container waits on until start (null for run)
 * @param consoleSocket for terminal containers: where the pty master is sent (null: inherit stdio)
 * @param setTid        host pid to give the container's init (0: any), the quick form's --pid
 */
public record PlanRequest(String containerId, String bundleDir, String execFifo, String consoleSocket, int setTid) {
    public static PlanRequest forRun(String containerId, String bundleDir) {
        return new PlanRequest(containerId, bundleDir, null, null, 0);
    }

    public String defaultCgroupsPath() { return "/mini-container/" + containerId; }
}
