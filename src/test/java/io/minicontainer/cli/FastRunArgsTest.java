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

/** The picocli-free parse of `run` must give exactly the fields picocli gives, or step aside. */
class FastRunArgsTest {
    @ParameterizedTest
    @ValueSource(strings = {
        "run",
        "run b",
        "--root /tmp/r run b",
        "--root=/tmp/r run --id=x1 b",
        "run --dry-run --format json --strict b",
        "--debug --log /tmp/l --log-format json run --trace b",
        "run b --root /tmp/r --debug",
        "run --id x --systemd-cgroup b",
        "run -b /tmp/bundle id1",
        "run --bundle=/tmp/bundle -d --pid-file /tmp/p id1",
        "--root /tmp/r run -d -b /tmp/bundle --console-socket /tmp/s --pid-file=/tmp/p id1",
        "run --keep --no-pivot --no-new-keyring --bundle /tmp/bundle id1",
        "run --detach --keep id1",
        "run -b . --id x",
    })
    void sameFieldsAsPicocli(String line) throws Exception {
        String[] args = line.split(" ");
        RunCommand fast = FastRunArgs.parse(args);
        assertNotNull(fast, "the fast path should take: " + line);
        CommandLine.ParseResult parsed = PicocliMain.commandLine().parseArgs(args);
        RunCommand slow = (RunCommand) parsed.subcommand().commandSpec().userObject();
        assertEquals(options(slow), options(fast), line);
        assertEquals(options(slow.rootCommand.global), options(fast.rootCommand.global), line);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", "--help", "run --help", "run -h", "--version", "validate b", "plan b", "run a b",
        "run --id", "run --id --trace", "--id x run b", "--dry-run run b", "run --nope b",
        "run --trace=true b", "run --id a --id b c", "run -- b", "run - b", "--root",
        "run -b x --bundle y id", "run -d --detach id", "run -db x id", "run -bx id", "run -d=true id",
        "run -b", "run -b -d id", "run --pid-file", "run --keep=false id", "-b x run id", "-d run id",
        "run --console-socket --keep id",
    })
    void leavesEverythingElseToPicocli(String line) {
        String[] args = line.isEmpty() ? new String[0] : line.split(" ");
        assertNull(FastRunArgs.parse(args), line);
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
