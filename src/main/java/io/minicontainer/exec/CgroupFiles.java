package io.minicontainer.exec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/** Small I/O helpers for cgroupfs files. */
final class CgroupFiles {
    private CgroupFiles() {}

    /** One write(2) of the whole value; no O_CREAT, since a missing control file means a missing controller. */
    static void write(String file, String value) throws IOException {
        Files.write(Path.of(file), value.getBytes(StandardCharsets.UTF_8),
                StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
    }

    /**
     * The file's text, or null when it does not exist: also when its cgroup was removed between the open and the read
     * (the read fails with ENODEV), as the supervisor of a handed-off run does while `delete --force` kills its
     * container (HandoffIT: delete --force exited 71 in 2 of 3 full runs).
     */
    static String readOrNull(String file) throws IOException {
        try {
            return Files.readString(Path.of(file));
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            if (removedMeanwhile(Path.of(file))) return null;
            throw e;
        }
    }

    /**
     * Whether the file exists (stat(2), following links, as a read would): java.io.File's, which throws nothing when it
     * is missing and, unlike Path.of, does not parse and encode the path in interpreted code.
     */
    static boolean exists(String file) {
        return new java.io.File(file).exists();
    }

    /** Whether a control file that failed to read belongs to a cgroup that no longer exists. */
    static boolean removedMeanwhile(Path file) {
        return !Files.isDirectory(file.getParent());
    }

    static List<Integer> pids(String procsFile) throws IOException {
        List<Integer> pids = new ArrayList<>();
        String text = readOrNull(procsFile);
        if (text == null) return pids;
        for (String line : text.split("\n")) {
            if (!line.isBlank()) pids.add(Integer.parseInt(line.trim()));
        }
        return pids;
    }

    /** The errno text of an I/O failure, as strerror would say it. */
    static String reason(IOException e) {
        if (e instanceof NoSuchFileException) return "No such file or directory";
        if (e instanceof FileAlreadyExistsException) return "File exists";
        if (e instanceof DirectoryNotEmptyException) return "Directory not empty";
        if (e instanceof AccessDeniedException) return "Permission denied";
        if (e instanceof NotDirectoryException) return "Not a directory";
        if (e instanceof FileSystemException fse && fse.getReason() != null) return fse.getReason();
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    static boolean isBusy(IOException e) {
        String r = reason(e);
        return r.equals("Device or resource busy") || r.equals("Directory not empty");
    }
}
