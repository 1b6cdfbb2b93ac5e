package io.minicontainer.state;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.minicontainer.diag.UserError;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.LinkOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * The state directory ({@code --root}): one directory per container holding state.json and, between
 * create and start, the exec fifo. Lock files sit beside them as {@code .<id>.lock} (ids never start with '.').
 */
public final class StateStore {
    /** The longest id: runc's rule is [A-Za-z0-9][A-Za-z0-9_+.-]{0,199}. */
    private static final int MAX_ID = 200;

    /** Built on first use: state.json is written and read by {@link StateJson}; only output documents need this. */
    private static final class MapperHolder {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }

    private final Path root;
    /** What {@link #read} last returned and the bytes it came from, for {@link #writePaused}; one field, so never mixed. */
    private LastRead lastRead;

    private record LastRead(ContainerState state, byte[] bytes) {}

    public StateStore(Path root) { this.root = root.toAbsolutePath(); }

    public Path root() { return root; }

    public static String requireValidId(String id) {
        if (!isValidId(id)) {
            throw new UserError("invalid container id '" + id + "': use letters, digits and _ + - . (not first), at most 200 characters");
        }
        return id;
    }

    /**
     * runc's rule, [A-Za-z0-9][A-Za-z0-9_+.-]{0,199}, as a loop over ASCII: every verb checks the id, and
     * compiling that Pattern was a short verb's first regex (java.util.regex, 29 classes, and a lambda
     * bootstrap). With the Pattern back, `state` took 1.38x the empty JVM instead of 1.19x, +3.5 ms of CPU
     * (31 A/B pairs, docs/STARTUP.md). StateStoreTest compares it with the Pattern.
     */
    static boolean isValidId(String id) {
        if (id == null || id.isEmpty() || id.length() > MAX_ID || !isAsciiAlnum(id.charAt(0))) return false;
        for (int i = 1; i < id.length(); i++) {
            char c = id.charAt(i);
            if (!isAsciiAlnum(c) && c != '_' && c != '+' && c != '.' && c != '-') return false;
        }
        return true;
    }

    private static boolean isAsciiAlnum(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9';
    }

    public Path dir(String id) { return root.resolve(id); }
    public Path stateFile(String id) { return dir(id).resolve("state.json"); }
    public Path execFifo(String id) { return dir(id).resolve("exec.fifo"); }
    /** The config as validated at create/run (exec and update read it; the bundle may have changed since). */
    public Path configFile(String id) { return dir(id).resolve("config.json"); }
    public Path lockFile(String id) { return root.resolve("." + id + ".lock"); }

    /** The root, made 0700 if missing; refused when another uid owns it or others may write it. */
    public Path trustedRoot() throws IOException {
        StateTrust.requireTrustedRoot(root);
        SafeFiles.ensurePrivateDir(root);
        return root;
    }

    public ContainerLock lock(String id) throws IOException {
        trustedRoot();
        return ContainerLock.acquire(lockFile(id));
    }

    public boolean exists(String id) { return Files.exists(dir(id), LinkOption.NOFOLLOW_LINKS); }

    /** Makes the container's directory (mkdir: never an existing name); fails when the id is taken. */
    public void createDir(String id) throws IOException {
        trustedRoot();
        try {
            SafeFiles.createDir(dir(id), PosixFilePermissions.fromString("rwx--x--x"));
        } catch (java.nio.file.FileAlreadyExistsException e) {
            throw new UserError("container '" + id + "' already exists (in " + root + ")");
        }
    }

    /** The record, read only from a directory and file that the runtime's uid alone can have written. */
    public Optional<ContainerState> read(String id) throws IOException {
        StateTrust.requireTrustedRoot(root);
        try {
            StateTrust.requireTrusted(dir(id), "state dir");
            StateTrust.requireTrusted(stateFile(id), "state file");
            try (InputStream in = Files.newInputStream(stateFile(id), LinkOption.NOFOLLOW_LINKS)) {
                byte[] bytes = in.readAllBytes();
                ContainerState s = StateJson.read(bytes);
                lastRead = new LastRead(s, bytes);
                return Optional.of(s);
            }
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    /** The state of an existing container, or a UserError naming the id. */
    public ContainerState require(String id) throws IOException {
        // no lambda (orElseThrow(() -> ...)): the first one bootstraps java.lang.invoke; with this one and the three
        // others of `state`'s path back, `state` took +0.10x the empty JVM, +5.8 ms of CPU (31 A/B pairs, docs/STARTUP.md)
        Optional<ContainerState> s = read(requireValidId(id));
        if (s.isEmpty()) throw new UserError("container '" + id + "' does not exist (in " + root + ")");
        return s.get();
    }

    /** Write to a temporary file, then rename: a reader sees the old or the new state, never half. */
    public void write(ContainerState state) throws IOException {
        SafeFiles.writeAtomically(stateFile(state.id()), StateJson.write(state), SafeFiles.OWNER_RW);
    }

    /** The status {@code state} reports for {@code s}, from the host ({@link LiveStatus}); no ContainerOps needed. */
    public String status(ContainerState s) { return LiveStatus.of(s, execFifo(s.id())); }

    /**
     * {@code s} with {@code paused} set (pause, resume), written as {@link #write} does; when {@code s} is the record
     * {@link #read} last returned, its document with only that member changed ({@link StateJson#withPaused}).
     */
    public void writePaused(ContainerState s, boolean paused) throws IOException {
        LastRead last = lastRead;
        byte[] patched = last != null && s == last.state() ? StateJson.withPaused(last.bytes(), paused) : null;
        SafeFiles.writeAtomically(stateFile(s.id()), patched != null ? patched : StateJson.write(s.withPaused(paused)), SafeFiles.OWNER_RW);
    }

    /** Written like state.json: a fresh 0600 file renamed into place, never through a link. */
    public void writeConfig(String id, String text) throws IOException {
        SafeFiles.writeAtomically(configFile(id), text.getBytes(java.nio.charset.StandardCharsets.UTF_8), SafeFiles.OWNER_RW);
    }

    /** The recorded config, read only from a directory and file that the runtime's uid alone can have written. */
    public Optional<String> readConfig(String id) throws IOException {
        StateTrust.requireTrustedRoot(root);
        try {
            StateTrust.requireTrusted(dir(id), "state dir");
            StateTrust.requireTrusted(configFile(id), "recorded config");
            try (InputStream in = Files.newInputStream(configFile(id), LinkOption.NOFOLLOW_LINKS)) {
                return Optional.of(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
            }
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    /** Removes the container's directory; a planted symlink or foreign directory is refused, never followed. */
    public void deleteDir(String id) throws IOException {
        Path dir = dir(id);
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) return;
        try {
            StateTrust.requireTrusted(dir, "state dir");
            // java.io.File's list and delete (readdir; remove(3): unlink, or rmdir for a directory) throw nothing and
            // load nothing new; a name they fail on goes to Files.deleteIfExists, which removes it the same way or says
            // why not. Instead of Files.newDirectoryStream (a SecureDirectoryStream and its locks) and a Files.deleteIfExists
            // per name: `delete` of a stopped container 53.5 -> 52.9 M instructions (callgrind, the whole JVM; docs/STARTUP.md,
            // "deleteverb").
            java.io.File d = dir.toFile();
            String[] names = d.list();
            if (names == null) {
                try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) { // to say why it cannot be read
                    for (Path f : files) Files.deleteIfExists(f);
                }
            } else {
                for (String name : names) {
                    if (!new java.io.File(d, name).delete()) Files.deleteIfExists(dir.resolve(name));
                }
            }
            if (!d.delete()) Files.deleteIfExists(dir);
        } catch (java.nio.file.NoSuchFileException e) {
            // Removed meanwhile: `delete --force` of a handed-off run kills its container, and the supervisor then
            // removes this dir too (HandoffIT: delete exited 71 on the dir it was removing). Gone is what we wanted.
            if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) throw e;
        }
    }

    /** Ids of every container directory, sorted. */
    public List<String> ids() throws IOException {
        StateTrust.requireTrustedRoot(root);
        if (!Files.isDirectory(root)) return List.of();
        List<String> ids = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(root)) {
            for (Path p : entries) {
                String name = p.getFileName().toString();
                if (!name.startsWith(".") && Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) ids.add(name);
            }
        }
        Collections.sort(ids);
        return ids;
    }

    public static ObjectMapper mapper() { return MapperHolder.MAPPER; }
}
