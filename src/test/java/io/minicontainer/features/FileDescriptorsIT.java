package io.minicontainer.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minicontainer.testing.ContainerFixture;
import io.minicontainer.testing.ContainerFixture.Result;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The container gets exactly fds 0, 1, 2: no jar, pipe or socket of the JVM or helper (CVE-2024-21626 class). */
class FileDescriptorsIT {
    private static final Pattern ENTRY = Pattern.compile(" (\\d+)(?: -> (.*))?$");

    @Test
    void onlyStdioIsOpen() throws Exception {
        try (ContainerFixture c = ContainerFixture.create()) {
            // ls is the container's process itself (no shell that might keep saved fds); its only fd of its
            // own is the one on /proc/self/fd it is reading, already closed when it reads the links.
            Result r = c.args("ls", "-l", "/proc/self/fd").run();
            List<String> withTarget = new ArrayList<>();
            List<String> ownDir = new ArrayList<>();
            for (String line : r.stdout().split("\n")) {
                Matcher m = ENTRY.matcher(line);
                if (!line.startsWith("l") || !m.find()) continue;
                if (m.group(2) != null) {
                    withTarget.add(m.group(1));
                    String target = m.group(2);
                    assertFalse(target.contains(".jar") || target.contains("pipe:") || target.contains("socket:")
                            || target.contains("mc-helper"), "leaked into the container: fd " + m.group(1) + " -> " + target);
                } else {
                    ownDir.add(m.group(1));
                }
            }
            assertEquals(List.of("0", "1", "2"), withTarget, "fds of the container:\n" + r.dump());
            assertTrue(ownDir.size() <= 1, "only ls's own directory fd may be unreadable\n" + r.dump());
            if (!ownDir.isEmpty()) assertTrue(r.stderr().contains("/proc/self/fd/" + ownDir.get(0)), r.dump());
        }
    }
}
