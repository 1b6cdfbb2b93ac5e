package io.minicontainer.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The namespace table against the schema, the kernel's /proc/PID/ns names and linux/sched.h. */
class NamespaceKindTest {
    @Test
    void theTableHasEveryKindTheSchemaLists() throws IOException {
        JsonNode schema = new ObjectMapper().readTree(Path.of("schema/config.schema.json").toFile());
        String described = schema.at("/properties/linux/properties/namespaces/items/properties/type/description").asText();
        assertTrue(described.endsWith("."), described);
        // "pid, network, mount, ipc, uts, user, cgroup or time."
        Set<String> listed = Stream.of(described.substring(0, described.length() - 1).split(",\\s*|\\s+or\\s+"))
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(8, listed.size(), described);
        assertEquals(listed, new TreeSet<>(NamespaceKind.configNames()));
    }

    @Test
    void procNamesAreTheKernels() throws IOException {
        Set<String> kernel;
        try (Stream<Path> entries = Files.list(Path.of("/proc/self/ns"))) {
            kernel = entries.map(p -> p.getFileName().toString()).filter(n -> !n.endsWith("_for_children"))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
        Set<String> ours = Stream.of(NamespaceKind.values()).map(NamespaceKind::procName).collect(Collectors.toCollection(TreeSet::new));
        assertTrue(ours.containsAll(kernel), "kernel " + kernel + " has a kind the table lacks: " + ours);
        for (String name : kernel) assertEquals(name, NamespaceKind.ofProcName(name).orElseThrow().procName());
    }

    @Test
    void cloneFlagsAreLinuxSchedH() throws IOException {
        Path header = Path.of("/usr/include/linux/sched.h");
        assumeTrue(Files.isReadable(header), "linux/sched.h is not installed (package linux-libc-dev)");
        Map<String, Long> defined = new HashMap<>();
        Matcher m = Pattern.compile("#define\\s+(CLONE_NEW\\w+)\\s+(0x[0-9a-fA-F]+)").matcher(Files.readString(header));
        while (m.find()) defined.put(m.group(1), Long.decode(m.group(2)));
        assertEquals(NamespaceKind.values().length, defined.size(), "one CLONE_NEW* per kind: " + defined);
        for (NamespaceKind k : NamespaceKind.values()) {
            assertEquals(defined.get(k.cloneFlagName()), k.cloneFlag(), k.cloneFlagName());
        }
    }

    @Test
    void userIsJoinedFirstAndMountByTheChild() {
        assertEquals(NamespaceKind.USER, NamespaceKind.values()[0]);
        assertEquals(Set.of(NamespaceKind.MOUNT),
                Stream.of(NamespaceKind.values()).filter(NamespaceKind::joinedByChild).collect(Collectors.toSet()));
    }

    @Test
    void namesLookUpBothWays() {
        for (NamespaceKind k : NamespaceKind.values()) {
            assertEquals(k, NamespaceKind.of(k.configName()).orElseThrow());
            assertTrue(k.is(new Spec.Namespace(k.configName(), null)));
        }
        assertTrue(NamespaceKind.of("net").isEmpty(), "the kernel's short name is not a config name");
        assertEquals(NamespaceKind.NETWORK, NamespaceKind.ofProcName("net").orElseThrow());
    }
}
