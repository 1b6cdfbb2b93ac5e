package io.minicontainer.exec;

/**
 * Test-only pauses at named points of create, so a test can SIGKILL the runtime there and check
 * that `delete --force` still removes everything. Set {@code MC_TEST_PAUSE_AT=<point>} in the
 * environment; the runtime then prints {@code mini-container: test pause at <point>} on stderr and
 * sleeps. Unset (always, outside tests), {@link #reach} does nothing.
 */
public final class CrashPoints {
    private static final String PAUSE_AT = System.getenv("MC_TEST_PAUSE_AT");

    private CrashPoints() {}

    public static void reach(String point) {
        if (PAUSE_AT == null || !PAUSE_AT.equals(point)) return;
        System.err.println("mini-container: test pause at " + point);
        System.err.flush();
        try {
            Thread.sleep(60_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
