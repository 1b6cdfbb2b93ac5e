package io.minicontainer.state;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.minicontainer.spec.Spec;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The hand-written state.json must be what Jackson wrote (byte for byte) and what ObjectMapper writes, and read
 * back to the same state; the hand-written reader must read nothing differently from Jackson's.
 */
class StateJsonTest {
    private static final ObjectMapper JACKSON = new ObjectMapper();

    private static void sameAsJackson(ContainerState s) throws Exception {
        byte[] ours = StateJson.write(s);
        JsonNode expected = JACKSON.readTree(JACKSON.writeValueAsBytes(s));
        assertEquals(expected, JACKSON.readTree(ours), new String(ours));
        assertEquals(s, JACKSON.readValue(ours, ContainerState.class));
        assertEquals(s, StateJson.read(ours), "our reader, our JSON");
        assertEquals(s, StateJson.read(JACKSON.writeValueAsBytes(s)), "our reader, Jackson's JSON");
        org.junit.jupiter.api.Assertions.assertArrayEquals(JacksonStateWriter.write(s), ours, new String(ours));
    }

    @Test
    void theWriterWritesJacksonsBytesForOddStates() throws Exception {
        RandomStates states = new RandomStates(13);
        for (int i = 0; i < 3000; i++) {
            ContainerState s = states.state();
            byte[] ours = StateJson.write(s);
            org.junit.jupiter.api.Assertions.assertArrayEquals(JacksonStateWriter.write(s), ours, new String(ours, java.nio.charset.StandardCharsets.UTF_8));
            assertEquals(s, StateJson.read(ours));
            if (i % 10 == 0) assertEquals(JACKSON.readTree(JACKSON.writeValueAsBytes(s)), JACKSON.readTree(ours));
        }
    }

    /**
     * Our reader takes every document our writer wrote, indented too, and on documents mutated at random (a byte
     * deleted, inserted, replaced or repeated: broken escapes, bad UTF-8, numbers, literals, separators, BOMs,
     * trailing garbage) it either leaves the document to Jackson or reads what Jackson reads: never a different
     * state, never one Jackson refuses.
     */
    @Test
    void theReaderReadsNothingDifferentlyFromJackson() throws Exception {
        RandomStates states = new RandomStates(11);
        java.util.Random random = new java.util.Random(17);
        byte[] inserts = {'"', '\\', '{', '}', '[', ']', ',', ':', ' ', '\n', '\t', 0x0b, 0x0c, '0', '1', '9', '-', '+', '.', 'e', 'E',
            'n', 'u', 'l', 't', 'r', 'f', 'a', 'x', '/', 'b', 0x00, 0x1f, 0x7f, (byte) 0x80, (byte) 0xbf, (byte) 0xc0, (byte) 0xc2,
            (byte) 0xe0, (byte) 0xed, (byte) 0xef, (byte) 0xf0, (byte) 0xf4, (byte) 0xf5, (byte) 0xff};
        int agreed = 0, mutants = 0;
        for (int i = 0; i < 1500; i++) {
            ContainerState s = states.state();
            byte[] doc = i % 3 == 0 ? JACKSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(s) : StateJson.write(s);
            if (doc.length > 50_000) continue;
            ContainerState own = StateJson.readOwn(doc);
            // only a number of 19 digits (a start time beyond 18) is left to Jackson
            if (s.pidStartTime() > -1_000_000_000_000_000_000L && s.pidStartTime() < 1_000_000_000_000_000_000L) {
                assertEquals(s, own, "document " + i);
            } else {
                assertEquals(null, own, "document " + i);
            }
            assertEquals(s, StateJson.read(doc), "document " + i);
            for (int m = 0; m < 40; m++) {
                byte[] mutant = doc;
                for (int k = 1 + random.nextInt(3); k > 0; k--) mutant = mutate(mutant, random, inserts);
                mutants++;
                ContainerState ours = StateJson.readOwn(mutant);
                if (ours == null) continue;
                ContainerState jackson;
                try {
                    jackson = JacksonStateJson.read(mutant);
                } catch (java.io.IOException refused) {
                    throw new AssertionError("ours read a document Jackson refuses (" + refused.getMessage() + "): " + shortly(mutant));
                }
                assertEquals(jackson, ours, shortly(mutant));
                agreed++;
            }
        }
        // many mutants stay readable (inside strings, whitespace, after the end): the comparison is not empty
        org.junit.jupiter.api.Assertions.assertTrue(agreed > mutants / 20, agreed + " of " + mutants);
    }

    /**
     * pause and resume patch the document they read: for what our writer wrote, exactly the bytes it writes for the
     * changed state; for any other document a reader takes (indented, mutated, garbage after it), either nothing (then
     * the state is written afresh) or a document both readers read as the same state with only paused changed.
     */
    @Test
    void withPausedChangesOnlyPaused() throws Exception {
        RandomStates states = new RandomStates(23);
        java.util.Random random = new java.util.Random(29);
        byte[] inserts = {'"', '\\', '{', '}', '[', ']', ',', ':', ' ', '\n', '0', '1', 't', 'f', 'e', 'a', 'u'};
        int patched = 0, mutantsPatched = 0;
        for (int i = 0; i < 1500; i++) {
            ContainerState s = states.state();
            byte[] doc = StateJson.write(s);
            for (boolean paused : new boolean[] {false, true}) {
                byte[] out = StateJson.withPaused(doc, paused);
                if (s.paused() == paused) {
                    assertEquals(null, out, "nothing to change");
                } else {
                    org.junit.jupiter.api.Assertions.assertArrayEquals(StateJson.write(s.withPaused(paused)), out, shortly(doc));
                    patched++;
                }
            }
            assertEquals(null, StateJson.withPaused(JACKSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(s), !s.paused()));
            byte[] trailing = (new String(doc, java.nio.charset.StandardCharsets.ISO_8859_1) + ",\"paused\":" + s.paused() + "}")
                    .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
            assertEquals(null, StateJson.withPaused(trailing, !s.paused()), "the member after the document's end is not its own");
            for (int m = 0; m < 20; m++) {
                byte[] mutant = mutate(mutate(doc, random, inserts), random, inserts);
                ContainerState read;
                try {
                    read = StateJson.read(mutant);
                } catch (java.io.IOException unreadable) {
                    continue;
                }
                byte[] out = StateJson.withPaused(mutant, !read.paused());
                if (out == null) continue;
                assertEquals(read.withPaused(!read.paused()), StateJson.read(out), shortly(mutant));
                assertEquals(read.withPaused(!read.paused()), JacksonStateJson.read(out), shortly(mutant));
                mutantsPatched++;
            }
        }
        org.junit.jupiter.api.Assertions.assertTrue(patched == 1500 && mutantsPatched > 1000, patched + ", " + mutantsPatched);
    }

    private static String shortly(byte[] doc) {
        String s = new String(doc, java.nio.charset.StandardCharsets.ISO_8859_1);
        return s.length() > 600 ? s.substring(0, 600) + "... (" + s.length() + " bytes)" : s;
    }

    private static byte[] mutate(byte[] doc, java.util.Random random, byte[] inserts) {
        int at = random.nextInt(doc.length + 1);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(doc.length + 8);
        switch (random.nextInt(6)) {
            case 0 -> { // delete
                if (at == doc.length) return doc;
                out.write(doc, 0, at);
                out.write(doc, at + 1, doc.length - at - 1);
            }
            case 1, 2 -> { // insert
                out.write(doc, 0, at);
                out.write(inserts[random.nextInt(inserts.length)]);
                out.write(doc, at, doc.length - at);
            }
            case 3 -> { // replace
                if (at == doc.length) return doc;
                out.write(doc, 0, at);
                out.write(inserts[random.nextInt(inserts.length)]);
                out.write(doc, at + 1, doc.length - at - 1);
            }
            case 4 -> { // repeat a stretch (a member twice, a string cut into another)
                int len = Math.min(doc.length - at, 1 + random.nextInt(40));
                out.write(doc, 0, at + len);
                out.write(doc, at, doc.length - at);
            }
            default -> { // a prefix before the document or garbage after it
                if (random.nextBoolean()) {
                    out.write(new byte[] {(byte) 0xef, (byte) 0xbb, (byte) 0xbf}, 0, 1 + random.nextInt(3));
                    out.write(doc, 0, doc.length);
                } else {
                    out.write(doc, 0, doc.length);
                    out.write(inserts[random.nextInt(inserts.length)]);
                }
            }
        }
        return out.toByteArray();
    }

    @Test
    void aDocumentBeyondJacksonsNameLimitIsLeftToJackson() throws Exception {
        ContainerState s = new ContainerState("1.2.0", "x", "created", 1, "b", Map.of("k".repeat(50_001), "v"), null, null, 0,
                null, null, null, false);
        byte[] doc = StateJson.write(s);
        assertEquals(null, StateJson.readOwn(doc));
        org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class, () -> StateJson.read(doc), "Jackson's limit");
    }

    /** state.json of a container created before configHash left the record: both readers take it, and agree. */
    @Test
    void aStateWithTheOldConfigHashStillReads() throws Exception {
        byte[] old = "{\"ociVersion\":\"1.2.0\",\"id\":\"x\",\"status\":\"created\",\"pid\":3,\"configHash\":\"ab12\",\"paused\":false}".getBytes();
        ContainerState own = StateJson.readOwn(old);
        assertEquals(new ContainerState("1.2.0", "x", "created", 3, null, null, null, null, 0, null, null, null, false), own);
        assertEquals(own, JacksonStateJson.read(old));
    }

    @Test
    void unknownMembersAreSkippedAndBadShapesAreErrors() throws Exception {
        ContainerState s = StateJson.read(("{\"id\":\"x\",\"future\":{\"a\":[1,{\"b\":2}]},\"pid\":3,"
                + "\"hooks\":{\"later\":[1],\"poststop\":[{\"path\":\"/p\",\"new\":true}]}}").getBytes());
        assertEquals(JACKSON.readValue(("{\"id\":\"x\",\"pid\":3,\"hooks\":{\"poststop\":[{\"path\":\"/p\"}]}}").getBytes(),
                ContainerState.class), s);
        org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class, () -> StateJson.read("{\"id\":{}}".getBytes()));
        org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class, () -> StateJson.read("[]".getBytes()));
        org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class, () -> StateJson.read("{\"pid\":".getBytes()));
    }

    @Test
    void aRunStateWithoutHooks() throws Exception {
        sameAsJackson(new ContainerState("1.2.0", "mc-1", ContainerState.RUNNING, 4242, "/b \"q\" ü", Map.of("a", "1"),
                "/b/rootfs", "2026-11-28T17:00:00Z", 123456789L, List.of("/sys/fs/cgroup/pids/mini-container/mc-1"),
                List.of("/x", "/y"), null, false));
    }

    @Test
    void nullsAreLeftOutButNullElementsStay() throws Exception {
        Map<String, String> ann = new LinkedHashMap<>();
        ann.put("k", null);
        ann.put("tab\t", "v");
        sameAsJackson(new ContainerState(null, "id", null, 0, null, ann, null, null, 0, Arrays.asList("a", null),
                List.of(), null, true));
        sameAsJackson(new ContainerState("1.0.2", "id", "created", 1, "b", null, "r", "c", -1, null, null, null, false));
    }

    @Test
    void hooksAreWrittenAsJacksonDoes() throws Exception {
        Spec.Hook full = new Spec.Hook("/bin/hook", List.of("hook", "x"), List.of("A=1"), 5);
        Spec.Hook bare = new Spec.Hook("/bin/h2", null, null, null);
        Spec.Hooks hooks = new Spec.Hooks(List.of(full), null, List.of(), Arrays.asList(bare, null), null, List.of(full, bare));
        sameAsJackson(new ContainerState("1.2.0", "id", "created", 7, "b", Map.of(), "r", "c", 9, List.of(), List.of(),
                hooks, false));
        sameAsJackson(new ContainerState("1.2.0", "id", "created", 7, "b", null, "r", "c", 9, null, null,
                new Spec.Hooks(null, null, null, null, null, null), false));
    }
}
