package io.minicontainer.exec;

import io.minicontainer.cgroup.CgroupPaths;
import io.minicontainer.plan.HostStep;
import io.minicontainer.plan.HostStep.CgroupCreate;
import io.minicontainer.plan.HostStep.CgroupWrite;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Applies the setup steps of a {@link io.minicontainer.plan.CgroupSetup}, in order. */
public final class CgroupApplier {
    /** Another container's cleanup may rmdir a shared parent between our mkdirs; retry that race a few times. */
    private static final int CREATE_ATTEMPTS = 3;

    private CgroupApplier() {}

    /**
     * @return the directories this call created (the caller may remove exactly those if a later step fails)
     * @throws CgroupException on the first failing step; it carries the directories created so far
     */
    public static List<String> apply(List<HostStep> setup) throws CgroupException {
        List<String> created = new ArrayList<>();
        for (HostStep step : setup) applyOne(step, setup, created);
        return List.copyOf(created);
    }

    /**
     * Applies one step of {@code setup} (run --trace times each step), adding the directories it
     * created to {@code created}. The whole setup is needed to tell a shared parent, which may
     * already exist, from the container's own leaf, which must not.
     */
    public static void applyOne(HostStep step, List<HostStep> setup, List<String> created) throws CgroupException {
        List<String> createDirs = new java.util.ArrayList<>(); // a loop: streams and lambdas cost a cold start
        for (HostStep s : setup) if (s instanceof CgroupCreate c) createDirs.add(c.dir());
        if (step instanceof CgroupCreate c) {
            create(c, createDirs, created);
        } else if (step instanceof CgroupWrite w) {
            try {
                CgroupFiles.write(w.file(), w.value());
            } catch (IOException e) {
                throw new CgroupException(w, w.file(), CgroupFiles.reason(e), created, e);
            }
        } else {
            throw new IllegalArgumentException("not a cgroup setup step: " + step.describe());
        }
    }

    /** An existing parent is fine (shared with other containers); an existing leaf means the cgroup is taken. */
    private static void create(CgroupCreate step, List<String> createDirs, List<String> created) throws CgroupException {
        boolean parent = CgroupPaths.isAncestorOfAny(step.dir(), createDirs);
        for (int attempt = 1; ; attempt++) {
            try {
                Files.createDirectory(Path.of(step.dir()));
                created.add(step.dir());
                return;
            } catch (FileAlreadyExistsException e) {
                if (parent) return;
                throw new CgroupException(step, step.dir(), "File exists (the cgroup is already in use)", created, e);
            } catch (NoSuchFileException e) {
                if (attempt >= CREATE_ATTEMPTS) {
                    throw new CgroupException(step, step.dir(), CgroupFiles.reason(e), created, e);
                }
                recreateParents(step.dir(), createDirs, created);
            } catch (IOException e) {
                throw new CgroupException(step, step.dir(), CgroupFiles.reason(e), created, e);
            }
        }
    }

    private static void recreateParents(String dir, List<String> createDirs, List<String> created) {
        for (String d : createDirs) {
            if (!dir.startsWith(d + "/")) continue;
            try {
                Files.createDirectory(Path.of(d));
                created.add(d);
            } catch (IOException ignored) {
                // Exists again, or the next mkdir of the child reports the real problem.
            }
        }
    }
}
