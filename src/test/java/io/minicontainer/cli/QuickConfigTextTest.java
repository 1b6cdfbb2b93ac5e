package io.minicontainer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * --print-config's text for a few option combinations, byte for byte as recorded in src/test/resources/quick
 * (the rootfs path written as ROOTFS): how the quick form builds its config may change, its output may not.
 * Update deliberately with -Dquick.update=true.
 */
class QuickConfigTextTest {
    private static final Path DIR = Path.of("src/test/resources/quick");

    @TempDir
    Path cwd;

    record Case(String name, QuickSpec.Request request) {
        @Override public String toString() { return name; }
    }

    static List<Case> cases() {
        return List.of(
                new Case("plain", request("/bin/sh", null, null, null, null, null, null, null)),
                new Case("args-memory-nproc", request("/bin/echo hello", List.of("-n", "world"), "512m", 5L, null, null, null, null)),
                new Case("user-caps-pid", request("/bin/id", null, null, null, "1000:100", List.of("ALL"), List.of("NET_BIND_SERVICE"), 1234)),
                new Case("memory-only-cap-add", request("sleep 1", null, "64k", null, "7", null, List.of("sys_time"), null)),
                new Case("nproc-only-cap-drop", request("/bin/true", List.of(), null, 1L, null, List.of("kill"), null, 1)));
    }

    private static QuickSpec.Request request(String command, List<String> args, String memory, Long nproc, String user,
                                             List<String> drop, List<String> add, Integer pid) {
        return new QuickSpec.Request(command, args, "rootfs", memory, nproc, user, drop, add, pid);
    }

    @ParameterizedTest
    @MethodSource("cases")
    void printConfigTextIsUnchanged(Case c) throws Exception {
        Files.createDirectories(cwd.resolve("rootfs"));
        String text = QuickSpec.text(QuickSpec.build(c.request(), cwd)).replace(cwd.resolve("rootfs").toString(), "ROOTFS");
        Path expected = DIR.resolve(c.name() + ".json");
        if (Boolean.getBoolean("quick.update")) Files.writeString(expected, text);
        assertEquals(Files.readString(expected), text);
    }
}
