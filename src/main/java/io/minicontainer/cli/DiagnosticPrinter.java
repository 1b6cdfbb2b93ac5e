package io.minicontainer.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.minicontainer.diag.Diagnostic;
import java.util.List;
import java.util.Locale;

/** Diagnostics as one line each, or as a JSON array for tools. */
final class DiagnosticPrinter {
    private DiagnosticPrinter() {}

    static String text(List<Diagnostic> diagnostics) {
        StringBuilder b = new StringBuilder();
        for (Diagnostic d : diagnostics) b.append(d.format()).append('\n');
        return b.toString();
    }

    static ArrayNode json(ObjectMapper mapper, List<Diagnostic> diagnostics) {
        ArrayNode array = mapper.createArrayNode();
        for (Diagnostic d : diagnostics) {
            ObjectNode o = array.addObject();
            o.put("severity", d.severity().name().toLowerCase(Locale.ROOT));
            o.put("check", d.check());
            o.put("file", d.file());
            o.put("pointer", d.pointer());
            o.put("line", d.line());
            o.put("column", d.column());
            o.put("message", d.message());
            if (d.hint() != null) o.put("hint", d.hint());
        }
        return array;
    }
}
