package io.minicontainer.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.minicontainer.app.Warnings;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/** One-line errors on stderr, and optionally in the --log file (text or runc's JSON lines). */
final class ErrorReporter implements Warnings {
    private final GlobalOptions global;
    private final PrintStream err;

    ErrorReporter(GlobalOptions global, PrintStream err) {
        this.global = global;
        this.err = err;
    }

    void error(String message) {
        err.println("mini-container: " + message);
        log("error", message);
    }

    /**
     * With --log, warnings go only there (as runc does): under conmon, create's stderr is the container's
     * own log, and a warning about the config does not belong in `podman logs`.
     */
    @Override
    public void warning(String message) {
        if (global == null || global.log == null) err.println("mini-container: warning: " + message);
        log("warning", message);
    }

    private void log(String level, String message) {
        if (global == null || global.log == null) return;
        String line;
        if ("json".equals(global.logFormat)) {
            ObjectNode o = new ObjectMapper().createObjectNode();
            o.put("level", level).put("msg", message).put("time", Instant.now().toString());
            line = o.toString();
        } else {
            line = Instant.now() + " " + level + ": " + message;
        }
        try {
            Files.writeString(Path.of(global.log), line + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
        } catch (IOException ignored) {
            // The log is a copy for clients; stderr already has the message.
        }
    }
}
