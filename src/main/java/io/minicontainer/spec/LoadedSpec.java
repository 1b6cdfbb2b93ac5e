package io.minicontainer.spec;

import com.fasterxml.jackson.databind.JsonNode;
import io.minicontainer.diag.Diagnostic;
import java.util.List;

/**
 * A config file as loaded: everything later stages need to point at the exact place of a problem.
 *
 * @param fileName    name used in messages ("config.json", or the path given by the user)
 * @param text        the raw text
 * @param tree        the parsed document, or null after a syntax error
 * @param sourceMap   pointer → line/column (empty after a syntax error)
 * @param spec        the bound model, or null when the text could not be bound; when some values had the
 *                    wrong type they are left out (and reported in diagnostics) so checks can still run
 * @param diagnostics problems found while loading (syntax, duplicate keys, binding)
 */
public record LoadedSpec(String fileName, String text, JsonNode tree, SourceMap sourceMap, Spec spec,
                         List<Diagnostic> diagnostics) {

    public boolean parsed() { return tree != null; }

    public boolean bound() { return spec != null; }
}
