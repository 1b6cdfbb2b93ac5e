package io.minicontainer.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.minicontainer.plan.NativeStep;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The helper's PATH search reports like execvp: a candidate that exists but is not executable wins over "not found". */
class ExecSearchTest {
    @Test
    void aNonExecutableCandidateIsReportedAsEaccesNotEnoent(@TempDir Path tmp) throws Exception {
        Path notExecutable = Files.writeString(tmp.resolve("app"), "#!/bin/sh\n"); // mode 0644
        byte[] plan = StepEncoder.encodeInOrder(List.of(
                new NativeStep.Clone(0, "", 0, List.of()),
                new NativeStep.Exec(List.of("app"), List.of(), List.of(notExecutable.toString(), tmp.resolve("missing/app").toString()),
                        List.of())), 0);
        HelperSession s = HelperSession.builder(tmp.resolve("sock")).stdin(Redirect.INHERIT).stdout(Redirect.DISCARD).start(plan);
        try {
            assertEquals(Report.Type.PID, s.next().type());
            Report error = s.next();
            assertEquals(Report.Type.ERROR, error.type(), error.toString());
            assertEquals(1, error.planIndex());
            assertEquals(Errno.EACCES, error.errno());
        } finally {
            s.close();
            s.waitFor();
        }
    }
}
