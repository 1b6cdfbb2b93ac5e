package io.minicontainer.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The JVM command bin/mini-container starts (its JDK 17 flags, read with MC_PRINT_JVM_FLAGS so a test cannot drift
 * from them), for tests that start that JVM directly with -Xlog options the launcher turns off.
 */
public final class LauncherJvm {
    private LauncherJvm() {}

    /** {@code java} and the launcher's flags, without an archive (the caller adds one if it wants it). */
    public static List<String> command(Path checkout) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(checkout.resolve("bin/mini-container").toString()).redirectErrorStream(true);
        pb.environment().put("MC_PRINT_JVM_FLAGS", "1");
        pb.environment().remove("MC_JDK");
        Process p = pb.start();
        String printed = new String(p.getInputStream().readAllBytes()).trim();
        if (p.waitFor() != 0) throw new IOException("MC_PRINT_JVM_FLAGS=1 bin/mini-container failed: " + printed);
        return new ArrayList<>(List.of(printed.split("\\s+")));
    }

    /** The rest of the launcher's command: home, helper, the jar as the class path and the main class. */
    public static List<String> main(Path checkout) {
        Path target = checkout.resolve("target");
        return List.of("-Dmc.home=" + checkout, "-Dmc.helper=" + target.resolve("mc-helper"), "-cp",
                target.resolve("mini-container.jar").toString(), "io.minicontainer.cli.Main");
    }
}
