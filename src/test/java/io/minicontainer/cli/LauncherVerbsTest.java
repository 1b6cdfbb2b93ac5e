package io.minicontainer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * bin/mini-container decides in bash which command lines go through the native supervisor (only a
 * foreground `run` and the quick form); it keeps its own copy of the other verbs, so a verb added to
 * {@link Verbs} without it would be supervised by mistake (harmless, but it changes the pid tree
 * podman and conmon see). This test ties the copy to the table.
 */
class LauncherVerbsTest {
    private static final Pattern UNSUPERVISED = Pattern.compile("(?m)^\\s+([a-z|]+)\\)\\s*\\n?\\s*supervised=no(?: relays=no)?; break ;;");

    @Test
    void launcherListsEveryVerbButRunAndTheQuickForm() throws Exception {
        String launcher = Files.readString(Path.of("bin/mini-container"));
        Matcher m = UNSUPERVISED.matcher(launcher);
        Set<String> inLauncher = new TreeSet<>();
        while (m.find()) {
            for (String w : m.group(1).split("\\|")) if (!w.isEmpty()) inLauncher.add(w);
        }
        assertTrue(launcher.contains("run) break ;;"), "the launcher no longer stops at `run`");
        Set<String> expected = new TreeSet<>();
        for (Verbs.Verb v : Verbs.ALL) {
            if (v.name().equals("run") || v.name().equals(Dispatch.QUICK)) continue;
            expected.add(v.name());
            expected.addAll(v.aliases());
        }
        assertEquals(expected, inLauncher);
    }

    private static final Pattern FAMILY = Pattern.compile("(?m)^\\s+([a-z|]+)\\) (?:family=short verb=\"\\$a\"; )?break ;;");

    /**
     * The launcher also sorts the verbs into two families, each with its own class-data archive (and AOT cache):
     * a verb missing there would still work, with the larger archive of the long family, so the table decides here.
     */
    @Test
    void launcherSortsEveryVerbIntoAnArchiveFamily() throws Exception {
        String launcher = Files.readString(Path.of("bin/mini-container"));
        String loop = launcher.substring(launcher.indexOf("family=long\n"), launcher.indexOf("# Forms of the short verbs"));
        Matcher m = FAMILY.matcher(loop);
        List<String> inLauncher = new ArrayList<>();
        while (m.find()) inLauncher.addAll(List.of(m.group(1).split("\\|")));
        Set<String> expected = new TreeSet<>();
        for (Verbs.Verb v : Verbs.ALL) {
            if (v.name().equals(Dispatch.QUICK)) continue;
            expected.add(v.name());
            expected.addAll(v.aliases());
        }
        assertEquals(expected, new TreeSet<>(inLauncher));
        assertEquals(expected.size(), inLauncher.size(), "a verb in both families: " + inLauncher);
    }
}
