package io.minicontainer.engines;

import static org.junit.jupiter.api.Assertions.fail;

import io.minicontainer.testing.BusyboxRootfs;
import java.io.File;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Shared bits of the engine tests: running a client with a timeout, where things are. */
final class Engines {
    static final long TIMEOUT_S = 120;

    record Result(int code, String out, String err) {
        @Override public String toString() { return "exit " + code + "\nstdout: " + out + "\nstderr: " + err; }
    }

    private Engines() {}

    static Path launcher() { return BusyboxRootfs.targetDir().getParent().resolve("bin/mini-container"); }

    static boolean installed(String binary) {
        for (String dir : List.of("/usr/bin", "/usr/sbin", "/bin", "/sbin")) if (Files.isExecutable(Path.of(dir, binary))) return true;
        return false;
    }

    /** Runs {@code cmd} with stdin /dev/null, output to files (a detached child may keep pipes open). */
    static Result run(Path work, List<String> cmd) throws IOException, InterruptedException {
        Path out = Files.createTempFile(work, "out-", ".txt"), err = Files.createTempFile(work, "err-", ".txt");
        Process p = new ProcessBuilder(cmd).redirectInput(Redirect.from(new File("/dev/null")))
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(TIMEOUT_S, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            fail(String.join(" ", cmd) + ": no exit within " + TIMEOUT_S + " s");
        }
        Result r = new Result(p.exitValue(), Files.readString(out), Files.readString(err));
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
        return r;
    }

    static List<String> concat(List<String> a, String... b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(List.of(b));
        return all;
    }
}
