package io.minicontainer.seccomp;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** SCMP_CMP_*: unsigned 64-bit comparisons of a syscall argument (libseccomp's semantics). */
public enum Operator {
    NE, LT, LE, EQ, GE, GT,
    /** (arg &amp; value) == valueTwo: {@code value} is the mask, {@code valueTwo} the datum (as runc passes them). */
    MASKED_EQ;

    public String scmpName() { return "SCMP_CMP_" + name(); }

    public static Optional<Operator> byScmpName(String name) {
        for (Operator o : values()) if (o.scmpName().equals(name)) return Optional.of(o);
        return Optional.empty();
    }

    public static List<String> scmpNames() {
        List<String> out = new ArrayList<>();
        for (Operator o : values()) out.add(o.scmpName());
        return out;
    }
}
