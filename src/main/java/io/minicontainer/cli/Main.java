package io.minicontainer.cli;

import io.minicontainer.timing.Timing;

/**
 * Entry point: the picocli-free parsers take the hot command lines; the rest goes to {@link PicocliMain}
 * ({@link Dispatch} picks a verb or the quick form, picocli parses); bad command lines exit with
 * ExitCode.USAGE and one line, no trace.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /**
     * No arguments at all prints the help to stderr and exits 64: nothing was asked, and a script
     * that ends up calling us with an empty command line should fail, not pass ('--help' exits 0).
     */
    public static int run(String... args) {
        Timing.begin();
        jdkSelectorProvider();
        RunCommand fast = FastRunArgs.parse(args);
        if (fast != null) {
            Timing.mark("run: arguments parsed without picocli");
            return fast.call();
        }
        BaseCommand oci = FastOciArgs.parse(args);
        if (oci != null) {
            Timing.mark("OCI verb: arguments parsed without picocli");
            return oci.call();
        }
        QuickCommand quick = FastQuickArgs.parse(args);
        if (quick != null) {
            Timing.mark("quick form: arguments parsed without picocli");
            return quick.call();
        }
        return PicocliMain.run(args);
    }

    static final String SELECTOR_PROVIDER = "java.nio.channels.spi.SelectorProvider";

    /**
     * The first UNIX-domain socket (the helper's) asks for the default SelectorProvider,
     * and without this property the JDK first looks for one with ServiceLoader, which opens and indexes
     * every jar on the class path (19, ~3,500 entries) for its META-INF/services: measured 7-18 ms of CPU
     * on every `run` and `create`. The property names the provider the JDK would pick anyway on Linux
     * (the runtime's only platform); one given on the command line is left alone.
     */
    static void jdkSelectorProvider() {
        if (System.getProperty(SELECTOR_PROVIDER) == null) System.setProperty(SELECTOR_PROVIDER, "sun.nio.ch.EPollSelectorProvider");
    }
}
