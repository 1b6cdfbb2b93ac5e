package io.minicontainer.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

/** Verbs win; anything else whose first operand is not a verb is the quick form. */
class DispatchTest {
    static String[] route(String... args) { return Dispatch.route(PicocliMain.commandLine(), args); }

    static void routesAsIs(String... args) { assertArrayEquals(args, route(args)); }

    @Test
    void verbsAndRootOptionsGoToPicocliUnchanged() {
        routesAsIs("run", "./bundle");
        routesAsIs("--root", "/tmp/x", "run", "./bundle");
        routesAsIs("--debug", "plan", "b", "--id", "x");
        routesAsIs("--help");
        routesAsIs("-h");
        routesAsIs("--version");
        routesAsIs("--bogus");
        routesAsIs("validate", "/bin/sh", "rootfs");
    }

    @Test
    void aNonVerbFirstOperandIsTheQuickForm() {
        assertArrayEquals(new String[] {"quick", "/bin/sh", "rootfs"}, route("/bin/sh", "rootfs"));
        assertArrayEquals(new String[] {"quick", "/bin/sh", "rootfs", "--nproc", "5", "--memory", "1048"},
                route("/bin/sh", "rootfs", "--nproc", "5", "--memory", "1048"));
        assertArrayEquals(new String[] {"quick", "sh", "rootfs", "-h"}, route("sh", "rootfs", "-h"));
    }

    @Test
    void optionValuesAreSkippedEvenWhenTheyLookLikeVerbs() {
        // "run" is the value of --root / --id / -u here, not a verb
        assertArrayEquals(new String[] {"--root", "run", "quick", "/bin/sh", "rootfs"}, route("--root", "run", "/bin/sh", "rootfs"));
        assertArrayEquals(new String[] {"quick", "--id", "run", "/bin/sh", "rootfs"}, route("--id", "run", "/bin/sh", "rootfs"));
        assertArrayEquals(new String[] {"quick", "-m", "512", "sh", "r"}, route("-m", "512", "sh", "r"));
        assertArrayEquals(new String[] {"quick", "--memory=512", "sh", "r"}, route("--memory=512", "sh", "r"));
        assertArrayEquals(new String[] {"--root=/x", "--debug", "quick", "-u", "0", "sh", "r"},
                route("--root=/x", "--debug", "-u", "0", "sh", "r"));
    }

    @Test
    void globalOptionsAfterQuickOptionsStayWhereTheyAre() {
        assertArrayEquals(new String[] {"quick", "--nproc", "5", "--root", "/x", "sh", "r"}, route("--nproc", "5", "--root", "/x", "sh", "r"));
    }

    @Test
    void aRootfsOrCommandNamedLikeAVerbIsTheVerbUnlessWrittenAsAPath() {
        routesAsIs("run", "rootfs");            // the verb run with bundle "rootfs"
        routesAsIs("-u", "0", "run", "rootfs"); // still the verb: picocli then rejects -u for it
        assertArrayEquals(new String[] {"quick", "./run", "rootfs"}, route("./run", "rootfs"));
        assertArrayEquals(new String[] {"quick", "/bin/sh", "run"}, route("/bin/sh", "run"), "only the first operand decides");
    }

    @Test
    void quickOptionsWithoutOperandsStillReachTheQuickFormSoItCanNameWhatIsMissing() {
        assertArrayEquals(new String[] {"quick", "--nproc", "5"}, route("--nproc", "5"));
        assertArrayEquals(new String[] {"quick", "--", "sh", "r"}, route("--", "sh", "r"));
    }
}
