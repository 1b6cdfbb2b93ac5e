package io.minicontainer.spec;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Reads a resource of the runtime's own jar (the schema, the syscall tables) straight from that jar.
 * {@link Class#getResourceAsStream} goes through a {@code jar:} URL and its connection, which on a cold
 * JVM cost ~5 ms of CPU for the schema alone on every `run` (main-thread CPU, median of 15 runs); the
 * jar is already open (its classes were loaded from it), so a {@link ZipFile} on it shares that index.
 */
public final class OwnResources {
    private OwnResources() {}

    /**
     * The resource's bytes, or null if there is no such resource. {@code name} as for {@link Class#getResourceAsStream}:
     * absolute ("/schema/...") or relative to {@code owner}'s package.
     */
    public static byte[] read(Class<?> owner, String name) throws IOException {
        Path from = codeSource(owner);
        String pkg = owner.getPackageName();
        String entry = name.startsWith("/") ? name.substring(1) : pkg.isEmpty() ? name : pkg.replace('.', '/') + "/" + name;
        if (from != null && Files.isRegularFile(from)) {
            try (ZipFile jar = new ZipFile(from.toFile())) {
                ZipEntry e = jar.getEntry(entry);
                if (e != null) {
                    try (InputStream in = jar.getInputStream(e)) {
                        return in.readAllBytes();
                    }
                }
            }
        } else if (from != null && Files.isRegularFile(from.resolve(entry))) {
            return Files.readAllBytes(from.resolve(entry)); // a classes directory (tests, an IDE)
        }
        // elsewhere (another class loader, a jar inside a jar): the class loader knows
        try (InputStream in = owner.getResourceAsStream(name)) {
            return in == null ? null : in.readAllBytes();
        }
    }

    private static Path codeSource(Class<?> owner) {
        CodeSource cs = owner.getProtectionDomain().getCodeSource();
        URL at = cs == null ? null : cs.getLocation();
        if (at == null || !"file".equals(at.getProtocol())) return null;
        try {
            return Path.of(at.toURI());
        } catch (URISyntaxException | IllegalArgumentException e) {
            return null;
        }
    }
}
