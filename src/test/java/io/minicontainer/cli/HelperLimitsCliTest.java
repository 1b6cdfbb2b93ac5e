package io.minicontainer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Configs within the schema but beyond the helper's protocol limits (the 5,000 mounts,
 * 100,000 env entries, 2 MB argument) end in a one-line error naming the field, exit 65, through
 * validate, plan and run --dry-run; never in the helper's "protocol error".
 */
class HelperLimitsCliTest {
    private static String config(String process, String rest) {
        return "{\"ociVersion\":\"1.0.2\",\"root\":{\"path\":\"rootfs\"},\"process\":{\"cwd\":\"/\"," + process + "},"
                + "\"linux\":{\"namespaces\":[{\"type\":\"pid\"},{\"type\":\"mount\"}]" + rest + "}}";
    }

    static Stream<Arguments> hostile() {
        StringBuilder mounts = new StringBuilder();
        for (int i = 0; i < 5000; i++) mounts.append(i == 0 ? "" : ",").append("{\"destination\":\"/m").append(i).append("\",\"type\":\"bind\",\"source\":\"/tmp\",\"options\":[\"rbind\",\"ro\"]}");
        StringBuilder env = new StringBuilder();
        for (int i = 0; i < 100_000; i++) env.append(i == 0 ? "" : ",").append("\"E").append(i).append("=1\"");
        StringBuilder masked = new StringBuilder();
        for (int i = 0; i < 5000; i++) masked.append(i == 0 ? "" : ",").append("\"/proc/m").append(i).append('"');
        String args = "\"args\":[\"/bin/sh\"]";
        return Stream.of(
                Arguments.of("5000 mounts", "{" + config(args, "").substring(1, config(args, "").length() - 1) + ",\"mounts\":[" + mounts + "]}", "/mounts/1999"),
                Arguments.of("100000 env entries", config(args + ",\"env\":[" + env + "]", ""), "/process/env/32767"),
                Arguments.of("2 MB argument", config("\"args\":[\"/bin/echo\",\"" + "x".repeat(2 << 20) + "\"]", ""), "/process/args/1"),
                Arguments.of("5000 masked paths", config(args, ",\"maskedPaths\":[" + masked + "]"), "/linux/maskedPaths/3998"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostile")
    void refusedWithThePointerOfTheFieldThatCrossesTheLimit(String name, String json, String pointer, @TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("config.json"), json);
        Files.createDirectories(dir.resolve("rootfs"));
        for (String[] verb : new String[][] {
                {"validate", dir.toString()},
                {"plan", dir.toString()},
                {"--root", dir.resolve("state").toString(), "run", "--dry-run", dir.toString()}}) {
            CliHarness.Result r = CliHarness.run(verb);
            String all = r.out() + r.err();
            assertEquals(ExitCode.INVALID_INPUT, r.exitCode(), verb[0] + ": " + shorten(all));
            assertTrue(all.contains(pointer + ": "), verb[0] + " names " + pointer + ": " + shorten(all));
            assertFalse(all.contains("protocol error") || all.contains("Exception") || all.contains("\tat "), shorten(all));
        }
        assertFalse(Files.exists(dir.resolve("state/mc")), "nothing is left behind");
    }

    private static String shorten(String s) { return s.length() > 2000 ? s.substring(0, 2000) + "..." : s; }
}
