package io.minicontainer.seccomp;

import java.util.List;
import java.util.Map;

/**
 * A compiled profile: the BPF program for seccomp(SECCOMP_SET_MODE_FILTER, flags, prog) and what it
 * decides, for `plan` to explain.
 *
 * @param decisions one per syscall of the native architecture the profile names, in number order
 * @param counts    how many native syscalls get each action ("conditional" when arguments decide)
 * @param enosysAbove per architecture, the number above which every syscall gets ENOSYS (runc's rule for
 *                  syscalls newer than the profile); empty when the default action lets calls through
 */
public record Filter(byte[] program, long flags, List<String> flagNames, Action defaultAction, List<Arch> arches,
                     List<String> ignoredArches, List<Decision> decisions, Map<String, Integer> counts,
                     Map<Arch, Integer> enosysAbove) {

    /** What one syscall gets on the native architecture. */
    public record Decision(String name, int nr, List<Rule> rules, Action otherwise) {}

    /** All conditions hold → action. An empty list always matches. */
    public record Rule(List<Condition> conditions, Action action) {}

    public record Condition(int index, Operator op, long value, long valueTwo) {
        @Override public String toString() {
            return op == Operator.MASKED_EQ
                    ? "(arg" + index + " & 0x" + Long.toHexString(value) + ") == 0x" + Long.toHexString(valueTwo)
                    : "arg" + index + " " + symbol() + " " + Long.toUnsignedString(value);
        }

        private String symbol() {
            return switch (op) {
                case NE -> "!="; case LT -> "<"; case LE -> "<="; case EQ -> "=="; case GE -> ">="; case GT -> ">";
                case MASKED_EQ -> "&";
            };
        }
    }

    public int instructions() { return program.length / 8; }

    /** Loaded with SECCOMP_FILTER_FLAG_NEW_LISTENER: some syscall notifies a listener. */
    public boolean hasListener() { return (flags & NotifyRules.NEW_LISTENER) != 0; }

    /** One line for `plan`: default action, counts per action, architectures, size. */
    public String summary() {
        StringBuilder b = new StringBuilder("seccomp filter: default ").append(defaultAction.lower());
        for (Map.Entry<String, Integer> e : counts.entrySet()) b.append(", ").append(e.getValue()).append(' ').append(e.getKey());
        b.append("; arch ");
        for (int i = 0; i < arches.size(); i++) b.append(i == 0 ? "" : ",").append(arches.get(i).tableName);
        b.append(" (others: kill-process)");
        if (enosysAbove.containsKey(Arch.NATIVE)) b.append("; newer than ").append(enosysAbove.get(Arch.NATIVE)).append(": enosys");
        b.append("; ").append(instructions()).append(" bpf instructions");
        if (!flagNames.isEmpty()) b.append("; flags ").append(String.join(",", flagNames));
        return b.toString();
    }
}
