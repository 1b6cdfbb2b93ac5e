package io.minicontainer.validate;

import io.minicontainer.validate.core.SupportTable;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/SUPPORT.md is generated from SupportTable; a stale committed copy fails the build. */
class SupportDocTest {
    private static final Path DOC = Path.of(System.getProperty("mc.basedir", "."), "docs/SUPPORT.md");

    @Test
    void theCommittedSupportDocIsUpToDate() throws IOException {
        String generated = SupportDoc.markdown();
        if (Boolean.getBoolean("support.update")) Files.writeString(DOC, generated);
        assertEquals(generated, Files.exists(DOC) ? Files.readString(DOC) : "",
                "docs/SUPPORT.md is stale: run mvn -B -ntp test -Dtest=SupportDocTest -Dsupport.update=true");
    }
}
