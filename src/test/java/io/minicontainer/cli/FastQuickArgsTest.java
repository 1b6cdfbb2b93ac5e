package io.minicontainer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.lang.reflect.Field;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The picocli-free parse of the quick form must give exactly the fields picocli gives (after Dispatch), or step aside. */
class FastQuickArgsTest {
    @ParameterizedTest
    @ValueSource(strings = {
        "/bin/true /tmp/rootfs",
        "--root /tmp/r /bin/true /tmp/rootfs",
        "sh ./rootfs -- -c echo",
        "--root=/tmp/r --debug /bin/echo /tmp/rootfs -- hi there",
        "-m 64m --nproc 20 -u 1000:1000 -p 5 /bin/true /tmp/rootfs",
        "--memory=1g --pid=77 --user 0 --id x1 --trace /bin/true /tmp/rootfs",
        "/bin/true /tmp/rootfs --cap-add CAP_NET_ADMIN --cap-drop ALL --dry-run --format json",
        "--print-config /bin/true /tmp/rootfs --log /tmp/l --log-format json",
        "true /tmp",
    })
    void sameFieldsAsPicocli(String line) throws Exception {
        String[] args = line.split(" ");
        QuickCommand fast = FastQuickArgs.parse(args);
        assertNotNull(fast, "the fast path should take: " + line);
        CommandLine cli = PicocliMain.commandLine();
        CommandLine.ParseResult parsed = cli.parseArgs(Dispatch.route(cli, args));
        QuickCommand slow = (QuickCommand) parsed.subcommand().commandSpec().userObject();
        assertEquals(options(slow), options(fast), line);
        assertEquals(options(slow.rootCommand.global), options(fast.rootCommand.global), line);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", "--help", "-h", "--version", "/bin/true", "/bin/true /tmp/rootfs extra", "run /tmp/rootfs", "state x",
        "quick /bin/true /tmp/rootfs", "sttae x", "/bin/true /tmp/rootfs --", "-- /bin/true /tmp/rootfs",
        "/bin/true /tmp/rootfs --nope", "-p -1 /bin/true /tmp/rootfs", "-p 0x10 /bin/true /tmp/rootfs",
        "-p 010 /bin/true /tmp/rootfs", "--nproc x /bin/true /tmp/rootfs", "--cap-add A,B /bin/true /tmp/rootfs",
        "--cap-add A --cap-add B /bin/true /tmp/rootfs", "-m 1g --memory 2g /bin/true /tmp/rootfs", "--dry-run=true /bin/true /tmp/r",
        "/bin/true - ", "@args /bin/true /tmp/rootfs", "-mx /bin/true /tmp/rootfs", "--id", "/bin/true /tmp/rootfs --id",
    })
    void leavesEverythingElseToPicocli(String line) {
        String[] args = line.isEmpty() ? new String[0] : line.split(" ");
        assertNull(FastQuickArgs.parse(args), line);
    }

    /** Every @Option/@Parameters field by name, so a new option with a default shows up here. */
    private static Map<String, Object> options(Object o) throws IllegalAccessException {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Field f : o.getClass().getDeclaredFields()) {
            if (f.isAnnotationPresent(Option.class) || f.isAnnotationPresent(Parameters.class)) {
                f.setAccessible(true);
                out.put(f.getName(), f.get(o));
            }
        }
        return out;
    }
}
