package io.minicontainer.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.minicontainer.plan.Op;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The helper's opcodes live in three places that must agree: {@link Op} (Java, with arity), the
 * C {@code enum op} and {@code ARITY[]} in mc-helper.c, and the op table of docs/PROTOCOL.md. No
 * root needed: a disagreement fails the build before any container test would find it.
 */
class OpTableTest {
    private static final Path BASE = Path.of(System.getProperty("mc.basedir", "."));

    /** "NAME" -> "code ints strs", from Java. */
    private static TreeMap<String, String> fromJava() {
        return Arrays.stream(Op.values()).collect(Collectors.toMap(Op::name, o -> o.code + " " + o.ints + " " + o.strs,
                (a, b) -> a, TreeMap::new));
    }

    @Test
    void cEnumAndArityTableMatchJava() throws IOException {
        String c = Files.readString(BASE.resolve("src/main/c/mc-helper.c"));
        Matcher enumBody = Pattern.compile("enum op \\{(.*?)\\};", Pattern.DOTALL).matcher(c);
        if (!enumBody.find()) throw new AssertionError("no enum op in mc-helper.c");
        TreeMap<String, Integer> codes = new TreeMap<>();
        int next = 0;
        for (String item : enumBody.group(1).split(",")) {
            item = item.strip();
            if (item.isEmpty() || item.startsWith("OP_MAX")) continue;
            String[] parts = item.split("=");
            String name = parts[0].strip().substring("OP_".length());
            next = parts.length > 1 ? Integer.parseInt(parts[1].strip()) : next + 1;
            codes.put(name, next);
        }
        Matcher arity = Pattern.compile("A\\(([A-Z_]+), (-?\\d+), (-?\\d+)\\)").matcher(c);
        TreeMap<String, String> fromC = new TreeMap<>();
        while (arity.find()) {
            Integer code = codes.get(arity.group(1));
            if (code == null) throw new AssertionError("ARITY names OP_" + arity.group(1) + ", which enum op lacks");
            fromC.put(arity.group(1), code + " " + arity.group(2) + " " + arity.group(3));
        }
        assertEquals(codes.keySet(), fromC.keySet(), "every op in enum op needs an ARITY entry (else the helper calls it unknown)");
        assertEquals(fromJava(), fromC, "plan/Op.java and mc-helper.c disagree (name code ints strs)");
    }

    @Test
    void protocolDocListsEveryOp() throws IOException {
        String doc = Files.readString(BASE.resolve("docs/PROTOCOL.md"));
        String opTable = doc.substring(doc.indexOf("| op | name |"), doc.indexOf("\n\n", doc.indexOf("| op | name |")));
        Matcher row = Pattern.compile("(?m)^\\| (\\d+) \\| ([A-Z_]+) \\|").matcher(opTable);
        TreeMap<String, Integer> documented = new TreeMap<>();
        while (row.find()) documented.put(row.group(2), Integer.parseInt(row.group(1)));
        TreeMap<String, Integer> java = Arrays.stream(Op.values())
                .collect(Collectors.toMap(Op::name, o -> o.code, (a, b) -> a, TreeMap::new));
        assertEquals(java, documented, "docs/PROTOCOL.md's op table must list every op of plan/Op.java with its number");
    }
}
