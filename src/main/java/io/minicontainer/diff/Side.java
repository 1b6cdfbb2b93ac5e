package io.minicontainer.diff;

import io.minicontainer.plan.Plan;
import io.minicontainer.spec.LoadedSpec;
import io.minicontainer.spec.SourceMap;

/** One side of a diff: the config as loaded (for positions) and its plan. */
public record Side(String label, LoadedSpec loaded, Plan plan) {
    /** A field on one side: its pointer and where it is in that side's file. */
    public record At(String file, String pointer, int line, int column) {
        public String show() {
            return file + (line > 0 ? ":" + line + ":" + column : "") + " " + (pointer.isEmpty() ? "/" : pointer);
        }
    }

    At at(String pointer) {
        if (pointer == null) return null;
        SourceMap.Position p = loaded.sourceMap().nearest(pointer);
        return new At(label, pointer, p.line(), p.column());
    }
}
