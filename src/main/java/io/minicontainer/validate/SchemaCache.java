package io.minicontainer.validate;

import io.minicontainer.spec.LoadedSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import io.minicontainer.state.SafeFiles;
import io.minicontainer.state.StateTrust;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Remembers which config texts passed the JSON-schema check, so that running an unchanged config
 * again does not load the schema engine (networknt, ~90 ms of a cold start). Only the schema stage
 * is skipped: loading, unknown-property warnings, semantic checks and host preflight run every time.
 *
 * <p>An entry is an empty file named by the SHA-256 of: a format tag, the schema document, the
 * build of mini-container that made it (jar size and mtime: a rebuild may change the engine) and
 * the config text. Any change to one of them is a different name, so a stale entry is never read.
 * Only passes are stored: a config with schema errors is always checked in full, for its messages.
 * Every failure to read or write the cache just means "check in full".
 */
public final class SchemaCache {
    private static final String FORMAT = "mini-container schema-pass v1\n";
    public static final SchemaCache NONE = new SchemaCache(null);
    /** The directory under the state dir (--root) that holds caches, not containers; ids never start with ".". */
    public static final String CACHE_DIR = ".cache";

    /** True for entries of the state dir that belong to the caches, not to any container. */
    public static boolean isCacheEntry(Path entry) { return entry.getFileName().toString().equals(CACHE_DIR); }

    /**
     * At most this many entries: podman writes a new config for every container, so without a bound
     * the directory grows by one file per container forever. 256 covers any set of configs a host
     * re-runs; listing that many names costs well under a millisecond, paid only on a miss.
     */
    static final int MAX_ENTRIES = 256;

    private final Path dir;
    private final int maxEntries;

    private SchemaCache(Path dir, int maxEntries) {
        this.dir = dir;
        this.maxEntries = maxEntries;
    }

    private SchemaCache(Path dir) { this(dir, MAX_ENTRIES); }

    /** A cache in {@code dir} (created 0700 on first write). */
    public static SchemaCache in(Path dir) { return new SchemaCache(dir); }

    /** As {@link #in}, holding at most {@code maxEntries} (tests). */
    static SchemaCache in(Path dir, int maxEntries) { return new SchemaCache(dir, maxEntries); }

    public boolean enabled() { return dir != null; }

    /** True when this exact text, schema and build passed the schema check before. */
    public boolean passed(LoadedSpec loaded) {
        if (dir == null || loaded.tree() == null || !ownDirs()) return false;
        return Files.isRegularFile(dir.resolve(key(loaded.text())), LinkOption.NOFOLLOW_LINKS);
    }

    /** Records that the text passed; best effort. */
    public void rememberPass(LoadedSpec loaded) {
        if (dir == null || loaded.tree() == null) return;
        try {
            for (Path d : List.of(dir.getParent(), dir)) { // each checked before anything is made inside it
                if (!Files.exists(d, LinkOption.NOFOLLOW_LINKS)) SafeFiles.createDir(d, SafeFiles.OWNER_ONLY_DIR);
                if (!StateTrust.isTrustedDir(d)) return;
            }
            Files.createFile(dir.resolve(key(loaded.text())));
            trim();
        } catch (FileAlreadyExistsException ignored) {
            // another run recorded it first
        } catch (IOException | UnsupportedOperationException ignored) {
            // unwritable state dir (not root, read-only): the cache is an optimisation only
        }
    }

    /** Removes the oldest entries beyond the bound (a removed pass only costs one schema check again). */
    private void trim() throws IOException {
        List<Path> entries;
        try (Stream<Path> list = Files.list(dir)) {
            entries = list.toList();
        }
        if (entries.size() <= maxEntries) return;
        List<Path> oldestFirst = new ArrayList<>(entries);
        oldestFirst.sort(Comparator.comparing(SchemaCache::modified));
        for (Path p : oldestFirst.subList(0, entries.size() - maxEntries)) Files.deleteIfExists(p);
    }

    private static FileTime modified(Path p) {
        try {
            return Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            return FileTime.fromMillis(0); // already gone or unreadable: first to go
        }
    }

    /** A planted .cache (a symlink, another user's dir) is neither read nor written: it could skip the schema check. */
    private boolean ownDirs() {
        return StateTrust.isTrustedDir(dir.getParent()) && StateTrust.isTrustedDir(dir);
    }

    static String key(String text) {
        MessageDigest sha = sha256();
        sha.update(FORMAT.getBytes(StandardCharsets.UTF_8));
        sha.update(Stamp.SCHEMA_AND_BUILD);
        sha.update(text.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(sha.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JDK", e);
        }
    }

    /** Digest of the schema document and the build identity, computed once per JVM. */
    private static final class Stamp {
        static final byte[] SCHEMA_AND_BUILD = compute();

        private static byte[] compute() {
            MessageDigest sha = sha256();
            try (InputStream in = SchemaCache.class.getResourceAsStream(ConfigSchema.RESOURCE)) {
                if (in == null) throw new IllegalStateException(ConfigSchema.RESOURCE + " is missing from the classpath");
                sha.update(in.readAllBytes());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            sha.update(buildIdentity().getBytes(StandardCharsets.UTF_8));
            return sha.digest();
        }

        /** The jar's size and mtime; a classes directory (tests, IDE) has no stable identity: the schema alone counts. */
        private static String buildIdentity() {
            try {
                Path code = Path.of(SchemaCache.class.getProtectionDomain().getCodeSource().getLocation().toURI());
                if (Files.isRegularFile(code)) return "\0jar " + Files.size(code) + " " + Files.getLastModifiedTime(code).toMillis();
            } catch (URISyntaxException | IOException | RuntimeException ignored) {
                // fall through
            }
            return "\0classes";
        }
    }
}
