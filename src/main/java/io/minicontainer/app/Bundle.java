package io.minicontainer.app;

import io.minicontainer.diag.UserError;
import java.nio.file.Files;
import java.nio.file.Path;

/** A bundle argument: a directory holding config.json, or a config file (its directory is the bundle). */
public record Bundle(Path dir, Path config) {
    public static Bundle of(String arg) {
        Path p = Path.of(arg).toAbsolutePath().normalize();
        if (Files.isDirectory(p)) {
            Path config = p.resolve("config.json");
            if (!Files.isRegularFile(config)) {
                throw new UserError(arg + ": no config.json in this directory (create one with 'mini-container spec')");
            }
            return new Bundle(p, config);
        }
        if (Files.isRegularFile(p)) return new Bundle(p.getParent(), p);
        throw new UserError(arg + ": no such bundle directory or config file");
    }

    /** The bundle that ships with the installation, used when `run` is given none. */
    public static Bundle defaultBundle() {
        String home = System.getProperty("mc.home", ".");
        return of(Path.of(home, "bundles", "hostfs").toString());
    }
}
