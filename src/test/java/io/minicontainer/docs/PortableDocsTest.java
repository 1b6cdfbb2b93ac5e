package io.minicontainer.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The README, docs/, examples/, bench/ and the bundles' own files must be true on any machine: no absolute path of
 * one machine (a checkout under /work, a home directory, root's), no "this host" or "this machine" (say which kind
 * of host: "a hybrid cgroup host such as ..."), no pointer to notes outside the repository (shared/notes; the facts
 * live in docs/HOST-NOTES.md).
 */
class PortableDocsTest {
    private static final Path BASE = Path.of(System.getProperty("mc.basedir", "")).toAbsolutePath();

    /**
     * What the rule forbids. System paths that are the same on every Linux host (/sys/fs/cgroup, /proc, /run,
     * /usr/lib/jvm, /tmp) match none of these, so they need no exemption; the one exemption is the JSON
     * pointers /root/path and /root/readonly, which name config fields, not root's home directory.
     */
    private static final Map<String, Pattern> FORBIDDEN = Map.of(
            "a machine's absolute path", Pattern.compile("/work/|/home/|/root/(?!(path|readonly)\\b)"),
            "\"this host\" or \"this machine\" (say which kind of host)",
            Pattern.compile("(?i)\\bthis\\s+(?:[\\w-]+\\s+)?(?:host|machine)s?\\b"),
            "a reference outside the repository (move the facts into docs/)", Pattern.compile("shared/notes"));

    static List<Path> files() throws IOException {
        List<Path> files = new ArrayList<>(List.of(BASE.resolve("README.md")));
        for (String dir : List.of("docs", "examples", "bench", "bundles", "scripts")) {
            try (Stream<Path> s = Files.walk(BASE.resolve(dir), 2)) {
                s.filter(p -> Files.isRegularFile(p) && !Files.isSymbolicLink(p))
                        .filter(p -> !BASE.relativize(p).toString().contains("/rootfs/")).sorted().forEach(files::add);
            }
        }
        return files;
    }

    @ParameterizedTest
    @MethodSource("files")
    void isTrueOnAnyMachine(Path file) throws IOException {
        String name = BASE.relativize(file).toString();
        List<String> found = violations(Files.readString(file));
        assertEquals(List.of(), found, name + " is not true on every machine");
    }

    @Test
    void theFilesAreFound() throws IOException {
        List<String> names = files().stream().map(p -> BASE.relativize(p).toString()).toList();
        for (String expected : List.of("README.md", "docs/HOST-NOTES.md", "examples/limits.json", "bench/run-vs-runc.sh",
                "bundles/hostfs/config.json", "bundles/busybox/make-rootfs.sh")) {
            assertTrue(names.contains(expected), expected + " not among " + names);
        }
    }

    @Test
    void theRuleCatchesMachineFactsAndLeavesHostIndependentPathsAlone() {
        for (String bad : List.of("plan for container demo (rootfs /work/main/bundles/hostfs/rootfs)", "see /root/.m2/settings.xml",
                "cd /home/dev/mini-container", "on this host", "This machine has 2 cores", "crun refuses this hybrid host",
                "above this host's hard limit", "see shared/notes/machine.md")) {
            assertFalse(violations(bad).isEmpty(), "not caught: " + bad);
        }
        for (String fine : List.of("/sys/fs/cgroup/memory/memory.limit_in_bytes", "/proc/self/ns/mnt", "/run/mini-container",
                "Temurin under /usr/lib/jvm", "examples/caps-dropped.json:3:11: /root/readonly: low writable-rootfs",
                "| `/root/path` | applied |", "a hybrid cgroup host such as the project's CI machines", "the host it runs on",
                "bundles/hostfs/rootfs/usr", "the hosts' limits")) {
            assertEquals(List.of(), violations(fine), fine);
        }
    }

    private static List<String> violations(String text) {
        List<String> out = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            for (Map.Entry<String, Pattern> rule : FORBIDDEN.entrySet()) {
                Matcher m = rule.getValue().matcher(lines[i]);
                if (m.find()) out.add("line " + (i + 1) + ": " + rule.getKey() + ": \"" + m.group() + "\" in: " + lines[i].strip());
            }
        }
        return out;
    }
}
