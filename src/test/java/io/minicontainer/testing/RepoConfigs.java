package io.minicontainer.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The repository's config files, for tests that hold a reader or writer against Jackson on all of them. */
public final class RepoConfigs {
    private RepoConfigs() {}

    /** The {@code .json} files of one directory (relative to the repository), sorted. */
    public static List<Path> jsonFiles(String dir) throws IOException {
        try (Stream<Path> s = Files.list(Path.of(dir))) {
            return s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
    }

    /** The {@code .json} files of {@code dirs}, then every bundle's config.json. */
    public static List<Path> withBundles(String... dirs) throws IOException {
        List<Path> files = new ArrayList<>();
        for (String dir : dirs) files.addAll(jsonFiles(dir));
        try (Stream<Path> s = Files.list(Path.of("bundles"))) {
            s.map(d -> d.resolve("config.json")).filter(Files::isRegularFile).sorted().forEach(files::add);
        }
        return files;
    }
}
