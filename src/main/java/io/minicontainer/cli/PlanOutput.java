package io.minicontainer.cli;

import io.minicontainer.diag.UserError;
import io.minicontainer.plan.Plan;
import io.minicontainer.plan.PlanPrinter;

/** `plan` and `run --dry-run` print the same thing, through here. */
final class PlanOutput {
    private PlanOutput() {}

    static String render(Plan plan, String format) {
        return switch (format) {
            case "text" -> PlanPrinter.text(plan);
            case "json" -> PlanPrinter.json(plan);
            default -> throw new UserError("--format " + format + ": expected text or json");
        };
    }
}
