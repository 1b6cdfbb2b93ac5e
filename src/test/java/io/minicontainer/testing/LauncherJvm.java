package io.minicontainer.testing;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

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

    /**
     * The class+load lines of the launcher's JVM running {@code args} with {@code archive} ({@code -Xshare:on}) against the
     * state root {@code stateRoot}; logs under {@code scratch}. Fails unless the command exits 0.
     */
    private static List<String> classLoads(Path checkout, Path archive, Path stateRoot, Path scratch, String... args)
            throws IOException, InterruptedException {
        Path log = scratch.resolve(args[0] + ".log");
        List<String> cmd = command(checkout);
        cmd.addAll(List.of("-XX:SharedArchiveFile=" + archive, "-Xshare:on", "-Xlog:class+load=info:file=" + log));
        cmd.addAll(main(checkout));
        cmd.addAll(List.of("--root", stateRoot.toString()));
        cmd.addAll(List.of(args));
        Path err = scratch.resolve(args[0] + ".err");
        Process p = new ProcessBuilder(cmd).redirectInput(new File("/dev/null")).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(err.toFile()).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", args) + " did not exit");
        }
        if (p.exitValue() != 0) throw new IOException(String.join(" ", args) + ": exit " + p.exitValue() + ": " + Files.readString(err));
        List<String> lines = new ArrayList<>();
        for (String line : Files.readAllLines(log)) if (line.contains("class,load")) lines.add(line);
        if (lines.size() <= 400) throw new IOException("the class+load log was not read: " + lines.size() + " lines");
        return lines;
    }

    /**
     * {@link #classLoads} of {@code args} in {@code f}'s state root with the build's archive {@code target/<archiveName>}, which
     * must be there: as root (these ITs run only as root) the build makes it unless its workload did not run cleanly,
     * which is what the callers exist to catch.
     */
    public static List<String> archivedClassLoads(String archiveName, ContainerFixture f, String... args)
            throws IOException, InterruptedException {
        Path target = BusyboxRootfs.targetDir();
        Path archive = target.resolve(archiveName);
        if (!Files.isRegularFile(archive)) {
            throw new AssertionError(archive + " was not built: see the workload logs target/cds-workload*.log");
        }
        return classLoads(target.getParent(), archive, f.stateRoot(), f.scratch("classes"), args);
    }
}
