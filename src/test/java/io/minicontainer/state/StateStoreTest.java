package io.minicontainer.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.minicontainer.diag.UserError;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateStoreTest {
    @TempDir Path root;

    @Test
    void idsFollowRuncsRule() {
        for (String ok : List.of("a", "abc-1_2.3+4", "0123456789abcdef".repeat(4))) assertEquals(ok, StateStore.requireValidId(ok));
        for (String bad : List.of("", ".x", "-x", "a/b", "..", "a b", "x".repeat(201), "é")) {
            assertThrows(UserError.class, () -> StateStore.requireValidId(bad), bad);
        }
    }

    /**
     * The hand-written check accepts exactly what runc's Pattern accepts: fixed edge cases, then random ids over an
     * alphabet of every accepted character, their neighbours in ASCII, and non-ASCII look-alikes (fullwidth and
     * other-script letters and digits, a surrogate pair, a lone surrogate, NUL), at lengths around the limit.
     */
    @Test
    void theIdCheckAcceptsExactlyWhatRuncsPatternAccepts() {
        java.util.regex.Pattern runc = java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9_+.-]{0,199}");
        List<String> fixed = new java.util.ArrayList<>(List.of("", "a", "Z", "0", "9", "_", "+", ".", "-", "a_", "a+", "a.",
                "a-", "a/", "a\\", "a\n", "\na", "a\u0000", "\u0660", "a\u0660", "\uff21", "\u00e9", "a\u212a", "\ud835\udc00",
                "a\ud835\udc00", "a\ud800", "a\udc00", "a@", "a[", "a`", "a{", "a:", "a,", "a*", "a ", " a", "a\t"));
        for (int n : new int[] {199, 200, 201, 202, 400}) {
            fixed.add("a".repeat(n));
            fixed.add("a" + "-".repeat(n - 1));
            fixed.add("a".repeat(n - 1) + "\u0660");
        }
        String alphabet = "AZaz09_+.-" + "@[`{/:,*!~ \t\n\u0000\u007f" + "\u00e9\u0660\uff21\uff10\u212a\u0391\ud800\udc00";
        java.util.Random random = new java.util.Random(13);
        for (int i = 0; i < 200_000; i++) {
            int length = random.nextInt(8) == 0 ? 195 + random.nextInt(10) : random.nextInt(12);
            StringBuilder id = new StringBuilder();
            for (int k = 0; k < length; k++) {
                // mostly accepted characters, so that long valid ids and one bad character among them both occur
                id.append(random.nextInt(4) == 0 ? alphabet.charAt(random.nextInt(alphabet.length()))
                        : "abcXYZ019_+.-".charAt(random.nextInt(13)));
            }
            fixed.add(id.toString());
        }
        int accepted = 0;
        for (String id : fixed) {
            boolean expected = runc.matcher(id).matches();
            assertEquals(expected, StateStore.isValidId(id), id);
            if (expected) accepted++;
        }
        org.junit.jupiter.api.Assertions.assertTrue(accepted > 10_000 && accepted < fixed.size() - 10_000, "both sides are exercised: " + accepted);
        assertThrows(UserError.class, () -> StateStore.requireValidId(null));
    }

    @Test
    void writeReadRoundTripAndDuplicateDirFails() throws Exception {
        StateStore store = new StateStore(root);
        store.createDir("c1");
        ContainerState s = new ContainerState("1.2.0", "c1", ContainerState.CREATED, 42, "./b", Map.of("k", "v"), "/r", "t", 7,
                List.of("/sys/fs/cgroup/pids/mini-container/c1"), List.of("/sys/fs/cgroup/pids/mini-container/c1"), null, false);
        store.write(s);
        assertEquals(s, store.read("c1").orElseThrow());
        assertEquals(List.of("c1"), store.ids());
        assertThrows(UserError.class, () -> store.createDir("c1"));
        assertThrows(UserError.class, () -> store.require("c2"));
        store.deleteDir("c1");
        assertEquals(List.of(), store.ids());
    }
}
