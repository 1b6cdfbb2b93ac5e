package io.minicontainer.seccomp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
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
    /** For lookups; a TreeSet of the ~1,150 names cost a cold `create` of podman's config milliseconds of comparisons. */
    private static final Set<String> ALL_NAMES = computeAllNames();

    /** Sorted, only for did-you-mean (a warning's path), built on first use. */
    private static final class Sorted {
        static final Set<String> NAMES = Collections.unmodifiableSet(new TreeSet<>(ALL_NAMES));
    }

    private SyscallTable() {}

    public static OptionalInt number(Arch arch, String name) {
        Integer nr = TABLES.get(arch).get(name);
        return nr == null ? OptionalInt.empty() : OptionalInt.of(nr);
    }

    /** Every name known on at least one architecture, sorted. */
    public static Set<String> allNames() { return Sorted.NAMES; }

    private static Set<String> computeAllNames() {
        Set<String> all = new HashSet<>(1024);
        for (Map<String, Integer> t : TABLES.values()) all.addAll(t.keySet());
        return Collections.unmodifiableSet(all);
    }

    public static boolean knownAnywhere(String name) {
        return ALL_NAMES.contains(name);
    }

    public static int size(Arch arch) { return TABLES.get(arch).size(); }

    /** Whether text[from, to) is the ASCII name (no String made per line). */
    private static boolean named(byte[] text, int from, int to, String name) {
        if (to - from != name.length()) return false;
        for (int k = 0; k < name.length(); k++) if (text[from + k] != name.charAt(k)) return false;
        return true;
    }

    private static int indexOf(byte[] b, byte c, int from) {
        for (int i = from; i < b.length; i++) if (b[i] == c) return i;
        return b.length;
    }

    private static Map<Arch, Map<String, Integer>> load() {
        Map<Arch, Map<String, Integer>> tables = new EnumMap<>(Arch.class);
        for (Arch a : Arch.values()) tables.put(a, new HashMap<>(512));
        byte[] text;
        try {
            // straight from the jar: a cold getResourceAsStream costs milliseconds (OwnResources)
            text = io.minicontainer.spec.OwnResources.read(SyscallTable.class, RESOURCE);
            if (text == null) throw new IllegalStateException("syscall table " + RESOURCE + " missing from the build (run mvn package)");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // "arch<TAB>name<TAB>number<LF>", ASCII: scanned by hand, a cold `run` pays for every line
        Arch[] arches = Arch.values();
        int i = 0;
        while (i < text.length) {
            int t1 = indexOf(text, (byte) '\t', i), t2 = indexOf(text, (byte) '\t', t1 + 1), end = indexOf(text, (byte) '\n', t2 + 1);
            int nr = 0;
            for (int k = t2 + 1; k < end; k++) nr = nr * 10 + (text[k] - '0');
            String name = new String(text, t1 + 1, t2 - t1 - 1, StandardCharsets.US_ASCII);
            for (Arch a : arches) if (named(text, i, t1, a.tableName)) tables.get(a).put(name, nr);
            i = end + 1;
        }
        for (Arch a : Arch.values()) {
            if (tables.get(a).isEmpty()) throw new IllegalStateException("syscall table for " + a.tableName + " is empty");
        }
        return tables;
    }
}
