package io.minicontainer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minicontainer.diag.UserError;
import io.minicontainer.spec.Annotations;
import io.minicontainer.spec.DefaultSpec;
import io.minicontainer.spec.LoadedSpec;
import io.minicontainer.spec.Spec;
import io.minicontainer.spec.SpecLoader;
import io.minicontainer.validate.Validator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The quick form's options → config, without running anything. */
class QuickSpecTest {
    @TempDir
    Path cwd;

    Spec build(String command, List<String> args, String memory, Long nproc, String user, List<String> drop,
               List<String> add, Integer pid) throws Exception {
        Files.createDirectories(cwd.resolve("rootfs"));
        return QuickSpec.build(new QuickSpec.Request(command, args, "rootfs", memory, nproc, user, drop, add, pid), cwd);
    }

    Spec plain() throws Exception { return build("/bin/sh", null, null, null, null, null, null, null); }

    @Test
    void noOptionsIsTheDefaultSpecWithTheRootfsInPlaceAndWritable() throws Exception {
        Spec s = plain();
        assertEquals(cwd.resolve("rootfs").toString(), s.root().path());
        assertEquals(false, s.root().readonly());
        assertEquals(DefaultSpec.create(List.of("/bin/sh"), "x", true).mounts(), s.mounts());
        assertEquals(DefaultSpec.DEFAULT_CAPS, s.process().capabilities().bounding());
        assertEquals(List.of(), s.process().capabilities().ambient(), "the default set stays root-only");
        assertEquals(List.of(), s.process().capabilities().inheritable());
        assertEquals(DefaultSpec.DEVICES_DENY_ALL, s.linux().resources(), "deny-all devices, as runc spec");
        assertNull(s.annotations());
    }

    @Test
    void theSynthesisedConfigIsValidAndRoundTripsThroughText() throws Exception {
        Spec s = build("/bin/echo", List.of("hi"), "512m", 5L, "1000:100", List.of("ALL"), List.of("NET_BIND_SERVICE"), 1234);
        String text = QuickSpec.text(s);
        LoadedSpec loaded = SpecLoader.parse("quick-config.json", text);
        assertEquals(s, loaded.spec());
        assertEquals(List.of(), Validator.validate(loaded, true).diagnostics());
    }

    @Test
    void memoryIsMegabytesOrASuffixedSize() {
        assertEquals(1048L << 20, MemorySize.bytes("1048"));
        assertEquals(512L << 20, MemorySize.bytes("512m"));
        assertEquals(512L << 20, MemorySize.bytes("512M"));
        assertEquals(1L << 30, MemorySize.bytes("1g"));
        assertEquals(1L << 30, MemorySize.bytes("1GiB"));
        assertEquals(64L << 10, MemorySize.bytes("64k"));
        for (String bad : List.of("", "abc", "1.5g", "-5", "12x", "0", "99999999999999999999", "9999999999999t", "b")) {
            UserError e = assertThrows(UserError.class, () -> MemorySize.bytes(bad), bad);
            assertTrue(e.getMessage().startsWith("--memory " + bad + ":"), e.getMessage());
        }
    }

    @Test
    void memoryAndNprocBecomeCgroupLimits() throws Exception {
        Spec s = build("/bin/sh", null, "1048", 5L, null, null, null, null);
        assertEquals(1048L * 1024 * 1024, s.linux().resources().memory().limit());
        assertEquals(5, s.linux().resources().pids().limit());
    }

    @Test
    void userIsUidWithAnOptionalGidDefaultingToTheUid() throws Exception {
        assertEquals(new UserFlag(1000, 1000), UserFlag.parse("1000"));
        assertEquals(new UserFlag(1000, 100), UserFlag.parse("1000:100"));
        assertEquals(new UserFlag(0, 0), UserFlag.parse("0"));
        for (String bad : List.of("", "nobody", "1:2:3", "-1", "1000:", "4294967295")) {
            assertThrows(UserError.class, () -> UserFlag.parse(bad), bad);
        }
        Spec s = build("/bin/sh", null, null, null, "7:8", null, null, null);
        assertEquals(7L, s.process().user().uid());
        assertEquals(8L, s.process().user().gid());
    }

    @Test
    void dropAllThenAddLeavesExactlyTheAddedCapabilityInEverySet() {
        Spec.Capabilities c = CapabilityFlags.resolve(List.of("ALL"), List.of("NET_BIND_SERVICE"));
        List<String> one = List.of("CAP_NET_BIND_SERVICE");
        assertEquals(new Spec.Capabilities(one, one, one, one, one), c);
    }

    @Test
    void dropsApplyBeforeAddsWhateverTheOrderOnTheCommandLine() {
        Spec.Capabilities c = CapabilityFlags.resolve(List.of("kill"), List.of("CAP_KILL", "net_admin", "Sys_Time"));
        assertEquals(List.of("CAP_KILL", "CAP_NET_BIND_SERVICE", "CAP_NET_ADMIN", "CAP_SYS_TIME", "CAP_AUDIT_WRITE"),
                c.bounding());
        assertEquals(List.of("CAP_KILL", "CAP_NET_ADMIN", "CAP_SYS_TIME"), c.ambient(), "only what was added");
        Spec.Capabilities dropped = CapabilityFlags.resolve(List.of("KILL", "AUDIT_WRITE"), List.of());
        assertEquals(List.of("CAP_NET_BIND_SERVICE"), dropped.effective());
        assertEquals(List.of(), dropped.ambient());
        assertEquals(41, CapabilityFlags.resolve(List.of(), List.of("all")).permitted().size());
        assertEquals(List.of(), CapabilityFlags.resolve(List.of("ALL"), List.of()).bounding());
    }

    @Test
    void unknownCapabilitiesAreErrorsWithADidYouMean() {
        UserError e = assertThrows(UserError.class, () -> CapabilityFlags.resolve(List.of(), List.of("NET_BIND_SERVCE")));
        assertEquals("--cap-add NET_BIND_SERVCE: unknown capability (did you mean NET_BIND_SERVICE?)", e.getMessage());
        e = assertThrows(UserError.class, () -> CapabilityFlags.resolve(List.of("cap_sys_admn"), List.of()));
        assertEquals("--cap-drop cap_sys_admn: unknown capability (did you mean SYS_ADMIN?)", e.getMessage());
        e = assertThrows(UserError.class, () -> CapabilityFlags.resolve(List.of("zzzzzzzz"), List.of()));
        assertTrue(e.getMessage().contains("capabilities(7)"), e.getMessage());
        assertThrows(UserError.class, () -> CapabilityFlags.resolve(List.of(""), List.of()));
    }

    @Test
    void aCommandWithBlanksIsSplitAndArgsFollow() {
        assertEquals(List.of("/bin/echo", "hello", "world"), QuickSpec.argv("/bin/echo hello world", null));
        assertEquals(List.of("/bin/echo", "a", "-n", "b"), QuickSpec.argv(" /bin/echo\ta ", List.of("-n", "b")));
        assertEquals(List.of("sh"), QuickSpec.argv("sh", List.of()));
        assertThrows(UserError.class, () -> QuickSpec.argv("  ", null));
    }

    @Test
    void theRootfsMustBeAnExistingDirectoryResolvedAgainstTheCwd() throws Exception {
        Files.createDirectories(cwd.resolve("a/rootfs"));
        assertEquals(cwd.resolve("a/rootfs"), QuickSpec.rootfs("a/./rootfs", cwd));
        assertTrue(assertThrows(UserError.class, () -> QuickSpec.rootfs("missing", cwd)).getMessage().contains("no such directory"));
        Files.writeString(cwd.resolve("file"), "");
        assertTrue(assertThrows(UserError.class, () -> QuickSpec.rootfs("file", cwd)).getMessage().contains("not a directory"));
    }

    @Test
    void pidBecomesTheAnnotation() throws Exception {
        Spec s = build("/bin/sh", null, null, null, null, null, null, 4321);
        assertEquals("4321", s.annotations().get(Annotations.PID));
        assertEquals(4321, Annotations.requestedPid(s));
    }
}
