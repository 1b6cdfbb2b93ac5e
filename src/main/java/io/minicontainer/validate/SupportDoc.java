package io.minicontainer.validate;

import io.minicontainer.validate.core.SupportTable;

import io.minicontainer.validate.core.SupportTable.Entry;
import io.minicontainer.validate.core.SupportTable.Status;

/** Renders docs/SUPPORT.md from {@link SupportTable}; {@code SupportDocTest} fails when the committed file is stale. */
public final class SupportDoc {
    private SupportDoc() {}

    public static String markdown() {
        StringBuilder b = new StringBuilder();
        b.append("# What mini-container does with each config field\n\n");
        b.append("<!-- GENERATED from validate/core/SupportTable.java; do not edit. Regenerate with:\n");
        b.append("     mvn -B -ntp test -Dtest=SupportDocTest -Dsupport.update=true -->\n\n");
        b.append("Every property of the runtime-spec's Linux config (`schema/config.schema.json`) is one of:\n\n");
        b.append("- **applied**: a plan step applies it (`mini-container plan` shows the step and this field's pointer);\n");
        b.append("- **refused**: `validate`, `plan`, `create` and `run` fail with exit 65, naming the field and why,\n");
        b.append("  unless its value asks for nothing (`null`, `\"\"`, `[]`, `{}`);\n");
        b.append("- **informational**: accepted without effect by definition.\n\n");
        b.append("Fields below a refused or informational one share its fate. `*` is any array index or map key.\n");
        b.append("Applied fields can still be refused by host checks when the host lacks what they need (a cgroup\n");
        b.append("controller, a hard rlimit); properties the spec does not define are warnings (errors with `--strict`).\n\n");
        b.append("| field | status | why / note |\n|---|---|---|\n");
        for (Entry e : SupportTable.entries()) {
            b.append("| `").append(e.pattern()).append("` | ").append(e.status().name().toLowerCase()).append(" | ")
                    .append(e.why().replace("|", "\\|")).append(" |\n");
        }
        long refused = SupportTable.entries().stream().filter(e -> e.status() == Status.REFUSED).count();
        b.append("\n").append(SupportTable.entries().size()).append(" entries, ").append(refused).append(" refused.\n");
        return b.toString();
    }
}
