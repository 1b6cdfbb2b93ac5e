package io.minicontainer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.channels.spi.SelectorProvider;
import org.junit.jupiter.api.Test;

/** What Main does before any verb runs, for the cold start of `run` and `create` (docs/STARTUP.md). */
class MainStartupTest {
    @Test
    void mainNamesNoPicocliClassSoVerifyingItLoadsNone() throws Exception {
        try (InputStream in = Main.class.getResourceAsStream("Main.class")) {
            String classFile = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            assertFalse(classFile.contains("picocli/"), "Main's constant pool names a picocli class");
        }
    }

    @Test
    void theJdksOwnSelectorProviderIsNamedUnlessOneWasGiven() {
        String before = System.getProperty(Main.SELECTOR_PROVIDER);
        try {
            System.clearProperty(Main.SELECTOR_PROVIDER);
            Main.jdkSelectorProvider();
            String named = System.getProperty(Main.SELECTOR_PROVIDER);
            // the provider the JDK picks without the property: naming it changes nothing but the search
            assertEquals(SelectorProvider.provider().getClass().getName(), named);
            System.setProperty(Main.SELECTOR_PROVIDER, "x.Given");
            Main.jdkSelectorProvider();
            assertEquals("x.Given", System.getProperty(Main.SELECTOR_PROVIDER));
        } finally {
            if (before == null) System.clearProperty(Main.SELECTOR_PROVIDER); else System.setProperty(Main.SELECTOR_PROVIDER, before);
        }
    }
}
