package io.minicontainer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The hand-padded columns of list and ps are exactly what the %-Ns format gave. */
class ColumnsTest {
    @Test
    void sameAsFormatter() {
        Object[][] rows = {
            {"ID", "PID", "STATUS", "BUNDLE", "CREATED"},
            {"c1", 4242, "running", "/tmp/b", "2026-12-01T17:38:40Z"},
            {"an-id-longer-than-twenty-four-characters", 0, "stopped", "/a/bundle/path/that/is/longer/than/forty/characters", ""},
        };
        for (Object[] r : rows) {
            StringBuilder line = new StringBuilder();
            Columns.cell(line, r[0], 24);
            Columns.cell(line, r[1], 8);
            Columns.cell(line, r[2], 10);
            Columns.cell(line, r[3], 40);
            Columns.last(line, r[4]);
            assertEquals(String.format("%-24s %-8s %-10s %-40s %s%n", r), line.toString());
        }
        assertEquals(String.format("%-8d %s%n", 17, "sleep 60"), Columns.last(Columns.cell(new StringBuilder(), 17, 8), "sleep 60").toString());
    }
}
