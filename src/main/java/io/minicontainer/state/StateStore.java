package io.minicontainer.state;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.minicontainer.errors.UserError;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The state directory ({@code --root}): one directory per container holding state.json and, between
 * create and start, the exec fifo. Lock files sit beside them as {@code .<id>.lock} (ids never start with '.').
 */
public final class StateStore {
    /** runc's rule: letters, digits, and _ + - . after the first character. */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_+.-]{0,199}");

    /** Built on first use: state.json is written and read by {@link StateJson}; only output documents need this. */
    private static final class MapperHolder {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }

    private final Path root;

    public StateStore(Path root) { this.root = root.toAbsolutePath(); }

    public Path root() { return root; }

    public static String requireValidId(String id) {
        if (id == null || !ID.matcher(id).matches()) {
            throw new UserError("invalid container id '" + id + "': use letters, digits and _ + - . (not first), at most 200 characters");
        }
        return id;
    }

    public Path dir(String id) { return root.resolve(id); }
    public Path stateFile(String id) { return dir(id).resolve("state.json"); }
    public Path execFifo(String id) { return dir(id).resolve("exec.fifo"); }
    public Path lockFile(String id) { return root.resolve("." + id + ".lock"); }

    public ContainerLock lock(String id) throws IOException {
        Files.createDirectories(root);
        return ContainerLock.acquire(lockFile(id));
    }

    public boolean exists(String id) { return Files.exists(dir(id)); }

    /** Makes the container's directory; fails when the id is taken. */
    public void createDir(String id) throws IOException {
        Files.createDirectories(root);
        try {
            Files.createDirectory(dir(id), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx--x--x")));
        } catch (java.nio.file.FileAlreadyExistsException e) {
            throw new UserError("container '" + id + "' already exists (in " + root + ")");
        }
    }

    public Optional<ContainerState> read(String id) throws IOException {
        try {
            return Optional.of(StateJson.read(Files.readAllBytes(stateFile(id))));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    /** The state of an existing container, or a UserError naming the id. */
    public ContainerState require(String id) throws IOException {
        return read(requireValidId(id)).orElseThrow(() -> new UserError("container '" + id + "' does not exist (in " + root + ")"));
    }

    /** Write to a temporary file, then rename: a reader sees the old or the new state, never half. */
    public void write(ContainerState state) throws IOException {
        Path tmp = dir(state.id()).resolve("state.json.tmp");
        Files.write(tmp, StateJson.write(state));
        try {
            Files.move(tmp, stateFile(state.id()), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, stateFile(state.id()), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    public void deleteDir(String id) throws IOException {
        Path dir = dir(id);
        if (!Files.exists(dir)) return;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) Files.deleteIfExists(f);
        }
        Files.deleteIfExists(dir);
    }

    /** Ids of every container directory, sorted. */
    public List<String> ids() throws IOException {
        if (!Files.isDirectory(root)) return List.of();
        List<String> ids = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(root)) {
            for (Path p : entries) {
                String name = p.getFileName().toString();
                if (!name.startsWith(".") && Files.isDirectory(p)) ids.add(name);
            }
        }
        Collections.sort(ids);
        return ids;
    }

    public static ObjectMapper mapper() { return MapperHolder.MAPPER; }
}
