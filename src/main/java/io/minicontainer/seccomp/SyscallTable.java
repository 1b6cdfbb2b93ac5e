package io.minicontainer.seccomp;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;

/**
 * Syscall name → number per architecture, generated at build time from the kernel headers
 * (scripts/gen-syscall-table.sh → syscalls.tsv in the jar). Read once from the class path.
 */
public final class SyscallTable {
    private static final String RESOURCE = "syscalls.tsv";
    private static final Map<Arch, Map<String, Integer>> TABLES = load();
    private static final Set<String> ALL_NAMES = computeAllNames();

    private SyscallTable() {}

    public static OptionalInt number(Arch arch, String name) {
        Integer nr = TABLES.get(arch).get(name);
        return nr == null ? OptionalInt.empty() : OptionalInt.of(nr);
    }

    /** Every name known on at least one architecture, sorted. */
    public static Set<String> allNames() { return ALL_NAMES; }

    private static Set<String> computeAllNames() {
        Set<String> all = new TreeSet<>();
        TABLES.values().forEach(t -> all.addAll(t.keySet()));
        return Collections.unmodifiableSet(all);
    }

    public static boolean knownAnywhere(String name) {
        return ALL_NAMES.contains(name);
    }

    public static int size(Arch arch) { return TABLES.get(arch).size(); }

    private static Map<Arch, Map<String, Integer>> load() {
        Map<Arch, Map<String, Integer>> tables = new EnumMap<>(Arch.class);
        for (Arch a : Arch.values()) tables.put(a, new HashMap<>(512));
        try (InputStream in = SyscallTable.class.getResourceAsStream(RESOURCE)) {
            if (in == null) throw new IllegalStateException("syscall table " + RESOURCE + " missing from the build (run mvn package)");
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
            for (String line; (line = r.readLine()) != null; ) {
                int t1 = line.indexOf('\t');
                int t2 = line.indexOf('\t', t1 + 1);
                String arch = line.substring(0, t1);
                for (Arch a : Arch.values()) {
                    if (a.tableName.equals(arch)) tables.get(a).put(line.substring(t1 + 1, t2), Integer.parseInt(line.substring(t2 + 1)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (Arch a : Arch.values()) {
            if (tables.get(a).isEmpty()) throw new IllegalStateException("syscall table for " + a.tableName + " is empty");
        }
        return tables;
    }
}
