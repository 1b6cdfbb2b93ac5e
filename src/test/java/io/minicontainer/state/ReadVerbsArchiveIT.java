package io.minicontainer.state;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.minicontainer.testing.ContainerFixture;
import io.minicontainer.testing.LauncherJvm;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * `state`, `list` and `ps` take every class they load from the launcher's third archive, the one of their own classes
 * (scripts/build-cds-archive.sh, ArchiveWorkload read): a class it misses is read from the jar, which the JVM then
 * opens and indexes, and costs these verbs more than the narrower archive saves them (docs/STARTUP.md, "readverbs").
 * This fails if the read workload stops covering their paths. The JVM is started directly with the launcher's flags.
 */
class ReadVerbsArchiveIT {
    @Test
    void stateListAndPsLoadOnlyArchivedClasses() throws Exception {
        try (ContainerFixture f = ContainerFixture.create()) {
            f.args("sleep", "600");
            ContainerFixture.Result created = f.cli(List.of("create", "--bundle", f.bundle().toString(), f.id()));
            assertEquals(0, created.exitCode(), created.dump());
            assertOnlyArchived("state (created)", loads(f, "state", f.id()));
            ContainerFixture.Result started = f.cli(List.of("start", f.id()));
            assertEquals(0, started.exitCode(), started.dump());
            assertOnlyArchived("state (running)", loads(f, "state", f.id()));
            assertOnlyArchived("list", loads(f, "list"));
            assertOnlyArchived("ps", loads(f, "ps", f.id()));
            ContainerFixture.Result deleted = f.cli(List.of("delete", "--force", f.id()));
            assertEquals(0, deleted.exitCode(), deleted.dump());
            f.assertNothingLeft();
        }
    }

    private static List<String> loads(ContainerFixture f, String... args) throws Exception {
        return LauncherJvm.archivedClassLoads("mini-container-read.jsa", f, args);
    }

    private static void assertOnlyArchived(String what, List<String> lines) {
        List<String> notArchived = new ArrayList<>();
        for (String line : lines) if (!line.contains("source: shared objects file")) notArchived.add(line);
        assertEquals(List.of(), notArchived, what + " loaded from outside the archive");
    }
}
