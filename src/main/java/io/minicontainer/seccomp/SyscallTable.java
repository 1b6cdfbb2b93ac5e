package io.minicontainer.seccomp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
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
    /**
     * Name → its number on each {@link Arch} (by ordinal), -1 where it has none. One map for the three arches: a
     * cold `create` of podman's config looks each of its ~370 names up once, not three times (seccomp compile
     * 7.2 -> 3.4 ms of main-thread CPU with the per-name slots of {@link SeccompCompiler}, median of 7, load 2-3).
     */
    private static final Map<String, int[]> NUMBERS = new HashMap<>(2048);
    /** Per arch (ordinal): how many names, and the highest number less the arch's {@link #base}. */
    private static final int[] SIZES = new int[Arch.values().length], MAX_INDEX = new int[Arch.values().length],
            MIN_INDEX = new int[Arch.values().length];

    static { load(); }

    /** Sorted, only for did-you-mean (a warning's path), built on first use. */
    private static final class Sorted {
        static final Set<String> NAMES = Collections.unmodifiableSet(new TreeSet<>(NUMBERS.keySet()));
    }

    private SyscallTable() {}

    public static OptionalInt number(Arch arch, String name) {
        int[] nrs = NUMBERS.get(name);
        return nrs == null || nrs[arch.ordinal()] < 0 ? OptionalInt.empty() : OptionalInt.of(nrs[arch.ordinal()]);
    }

    /** The name's number on every arch (index: {@link Arch#ordinal()}, -1: none), or null for a name no arch has. Not to be changed. */
    static int[] numbers(String name) {
        return NUMBERS.get(name);
    }

    /** The lowest number of {@code arch}'s table: x32's carry {@link Arch#X32_SYSCALL_BIT}. */
    static int base(Arch arch) { return arch == Arch.X32 ? Arch.X32_SYSCALL_BIT : 0; }

    /** The highest number of {@code arch}'s table less its {@link #base}. */
    static int maxIndex(Arch arch) { return MAX_INDEX[arch.ordinal()]; }

    /** Every name known on at least one architecture, sorted. */
    public static Set<String> allNames() { return Sorted.NAMES; }

    public static boolean knownAnywhere(String name) {
        return NUMBERS.containsKey(name);
    }

    public static int size(Arch arch) { return SIZES[arch.ordinal()]; }

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

    private static void load() {
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
            for (Arch a : arches) {
                if (!named(text, i, t1, a.tableName)) continue;
                String name = new String(text, t1 + 1, t2 - t1 - 1, StandardCharsets.US_ASCII);
                int[] nrs = NUMBERS.get(name);
                if (nrs == null) {
                    NUMBERS.put(name, nrs = new int[arches.length]);
                    java.util.Arrays.fill(nrs, -1);
                }
                int o = a.ordinal();
                if (nrs[o] < 0) SIZES[o]++;
                nrs[o] = nr;
                MAX_INDEX[o] = Math.max(MAX_INDEX[o], nr - base(a));
                MIN_INDEX[o] = Math.min(MIN_INDEX[o], nr - base(a));
            }
            i = end + 1;
        }
        for (Arch a : arches) {
            if (SIZES[a.ordinal()] == 0) throw new IllegalStateException("syscall table for " + a.tableName + " is empty");
            if (MAX_INDEX[a.ordinal()] > 4095 || MIN_INDEX[a.ordinal()] < 0) throw new IllegalStateException("syscall table for " + a.tableName + ": number out of range");
        }
    }
}
