package io.minicontainer.audit;

import java.util.List;

/**
 * A named audit rule. {@code precedent} names the runc default, Kubernetes Pod Security control or
 * CIS Docker Benchmark item it follows (docs/AUDIT.md lists them all).
 */
public record Rule(String id, Severity severity, String title, String fix, String precedent, Check check) {
    /** Adds a finding for every place of the config the rule objects to. */
    @FunctionalInterface
    public interface Check {
        void run(Subject subject, Findings out);
    }

    /** Where a check reports: the rule stays implicit, so a check cannot report under another rule's id. */
    public interface Findings {
        void at(String pointer, String message);
    }

    List<Finding> findings(Subject subject) {
        List<Finding> out = new java.util.ArrayList<>();
        check.run(subject, (pointer, message) -> {
            var at = subject.loaded().sourceMap().nearest(pointer);
            out.add(new Finding(this, pointer, at.line(), at.column(), message, null));
        });
        return out;
    }
}
