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

/** The picocli-free parse of the OCI verbs must give exactly the fields picocli gives, or step aside. */
class FastOciArgsTest {
    @ParameterizedTest
    @ValueSource(strings = {
        "state x",
        "--root /tmp/r state x",
        "start x --root=/tmp/r --debug",
        "--log /tmp/l --log-format json --systemd-cgroup start x",
        "kill x",
        "kill x KILL",
        "kill -a x 9",
        "kill --all x SIGTERM --log-format=json",
        "delete x",
        "delete -f x",
        "--root /tmp/r delete --force x --log /tmp/l",
        "create x",
        "create --bundle /tmp/b --pid-file /tmp/p x",
        "create -b /tmp/b --pid-file=/tmp/p --console-socket /tmp/s --no-new-keyring --strict x",
        "--root /tmp/r --log /tmp/l --log-format json create -b=/tmp/b x --debug",
        "pause x",
        "--root /tmp/r resume x --debug",
        "list",
        "ls",
        "list -q",
        "--root /tmp/r list --format json",
        "ls -f=json --quiet",
        "ps x",
        "ps -f json x",
        "--log /tmp/l ps x --format=table",
    })
    void sameFieldsAsPicocli(String line) throws Exception {
        String[] args = line.split(" ");
        BaseCommand fast = FastOciArgs.parse(args);
        assertNotNull(fast, "the fast path should take: " + line);
        CommandLine.ParseResult parsed = PicocliMain.commandLine().parseArgs(args);
        BaseCommand slow = (BaseCommand) parsed.subcommand().commandSpec().userObject();
        assertEquals(slow.getClass(), fast.getClass(), line);
        assertEquals(options(slow), options(fast), line);
        assertEquals(options(slow.rootCommand.global), options(fast.rootCommand.global), line);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", "--help", "state --help", "state -h", "kill -h x", "--version", "state", "state a b", "start",
        "kill", "kill a b c", "kill x -9", "delete -f", "delete --force --force x", "delete -f --force x",
        "create", "create --bundle", "create --bundle --strict x", "create -b a -b b x", "create -bdir x",
        "--force delete x", "state -- x", "state - ", "state --nope x", "run b",
        "list x", "list -q -q", "list -f json --format table", "list -f", "list -qf json", "list --force", "ps",
        "ps -f", "ps -f json -f json x", "ps -q x", "pause", "pause a b", "resume", "delete -f json x", "-f json list",
        "state --debug=true x", "--root", "x state", "--strict create x", "start --force x", "delete -fa x",
        "state @args", "@args state x",
    })
    void leavesEverythingElseToPicocli(String line) {
        String[] args = line.isEmpty() ? new String[0] : line.split(" ");
        assertNull(FastOciArgs.parse(args), line);
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
