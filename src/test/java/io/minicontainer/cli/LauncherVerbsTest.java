package io.minicontainer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * bin/mini-container decides in bash, from the first argument that names a verb, which command lines go through
 * the native supervisor (only a foreground `run` and the quick form), which get signals back, and which class-data
 * archive a JVM gets. It keeps its own copy of the verbs, so a verb added to {@link Verbs} without it would be taken
 * for the quick form (supervised by mistake: harmless, but it changes the pid tree podman and conmon see). This
 * test ties the copy to the table.
 */
class LauncherVerbsTest {
    private static final Pattern VERB_LOOP = Pattern.compile("(?m)^\\s+([a-z|]+)\\)\\s*\\n\\s+verb=\"\\$a\"; break ;;");
    private static final Pattern SHORT_FAMILY = Pattern.compile("(?m)^\\s+([a-z|]+)\\) family=short ;;");

    private static Set<String> verbsAndAliases() {
        Set<String> expected = new TreeSet<>();
        for (Verbs.Verb v : Verbs.ALL) {
            if (v.name().equals(Dispatch.QUICK)) continue;
            expected.add(v.name());
            expected.addAll(v.aliases());
        }
        return expected;
    }

    private static List<String> listed(Pattern p, String launcher) {
        Matcher m = p.matcher(launcher);
        assertTrue(m.find(), "the launcher no longer has " + p);
        return List.of(m.group(1).split("\\|"));
    }

    @Test
    void launcherKnowsEveryVerb() throws Exception {
        List<String> inLauncher = listed(VERB_LOOP, Files.readString(Path.of("bin/mini-container")));
        assertEquals(verbsAndAliases(), new TreeSet<>(inLauncher));
        assertEquals(inLauncher.size(), new TreeSet<>(inLauncher).size(), "a verb listed twice: " + inLauncher);
    }

    /** The short verbs' archive family names verbs only (a typo there would quietly give a verb the larger archive). */
    @Test
    void theShortFamilyNamesOnlyVerbs() throws Exception {
        List<String> shortFamily = listed(SHORT_FAMILY, Files.readString(Path.of("bin/mini-container")));
        assertTrue(verbsAndAliases().containsAll(shortFamily), shortFamily.toString());
        assertTrue(shortFamily.containsAll(List.of("state", "start", "kill", "delete", "list", "ls")), shortFamily.toString());
        assertFalse(shortFamily.contains("run") || shortFamily.contains("create") || shortFamily.contains("exec"), shortFamily.toString());
    }
}
