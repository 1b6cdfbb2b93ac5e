package io.minicontainer.spec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** OwnResources reads what getResourceAsStream reads, from a classes directory and from a jar. */
class OwnResourcesTest {
    private static byte[] viaClassLoader(Class<?> owner, String name) throws IOException {
        try (InputStream in = owner.getResourceAsStream(name)) {
            return in == null ? null : in.readAllBytes();
        }
    }

    @Test
    void absoluteRelativeAndMissingNamesAsTheClassLoaderSeesThem() throws IOException {
        for (String name : new String[] {"/schema/config.schema.json", "/schema/config.schema.compact.json"}) {
            byte[] expected = viaClassLoader(OwnResources.class, name);
            assertNotNull(expected, name);
            assertArrayEquals(expected, OwnResources.read(OwnResources.class, name));
        }
        Class<?> seccomp = io.minicontainer.seccomp.SyscallTable.class;
        assertArrayEquals(viaClassLoader(seccomp, "syscalls.tsv"), OwnResources.read(seccomp, "syscalls.tsv"));
        assertNull(OwnResources.read(OwnResources.class, "/schema/no-such.json"));
        assertNull(OwnResources.read(OwnResources.class, "no-such.json"));
    }

    @Test
    void fromAJar(@TempDir Path dir) throws Exception {
        Path jar = dir.resolve("r.jar");
        String cls = OwnResources.class.getName().replace('.', '/') + ".class";
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
             InputStream own = OwnResources.class.getResourceAsStream("/" + cls)) {
            out.putNextEntry(new JarEntry(cls));
            out.write(own.readAllBytes());
            out.putNextEntry(new JarEntry("io/minicontainer/spec/data.txt"));
            out.write("relative".getBytes());
            out.putNextEntry(new JarEntry("top/data.txt"));
            out.write("absolute".getBytes());
        }
        // the class defined from the jar, so that the jar is its code source
        try (java.net.URLClassLoader loader = new java.net.URLClassLoader(new java.net.URL[] {jar.toUri().toURL()}, null)) {
            Class<?> fromJar = loader.loadClass(OwnResources.class.getName());
            assertArrayEquals("relative".getBytes(), OwnResources.read(fromJar, "data.txt"));
            assertArrayEquals("absolute".getBytes(), OwnResources.read(fromJar, "/top/data.txt"));
            assertNull(OwnResources.read(fromJar, "/top/none.txt"));
        }
    }
}
