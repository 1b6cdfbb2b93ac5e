package io.minicontainer.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Container tests ({@code *IT}) run real containers and need root. Without root they are skipped with
 * this reason (surefire/failsafe count them as skipped and print the reason), never failed and never
 * silently passed; with root (CI) they all run. Registered for every test class through
 * META-INF/services and junit-platform.properties, so no test can forget it.
 */
public final class RootOnly implements ExecutionCondition {
    static final String REASON = "needs root: it runs real containers (namespaces, cgroups, mounts); run `mvn verify` as root";

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        boolean containerTest = context.getTestClass().map(c -> c.getSimpleName().endsWith("IT")).orElse(false);
        if (!containerTest || isRoot()) return ConditionEvaluationResult.enabled("not a root-only test, or root");
        // the build log says it once, in words, besides the skipped counts
        if (context.getTestMethod().isEmpty()) System.err.println("SKIPPED " + context.getDisplayName() + ": " + REASON);
        return ConditionEvaluationResult.disabled(REASON);
    }

    /** The effective uid, from /proc/self/status ("Uid: real effective saved fs"), without any native call. */
    static boolean isRoot() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) return line.split("\\s+")[2].equals("0");
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }
}
