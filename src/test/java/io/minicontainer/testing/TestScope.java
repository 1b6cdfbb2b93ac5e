package io.minicontainer.testing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * What this checkout's tests create carries this checkout's tag, so leak checks
 * ({@code scripts/check-leaks.sh}, {@code CleanupIT}) look only at their own containers while other
 * checkouts, podman or runc use the same machine. The tag is the first 6 hex digits of SHA-256 of
 * the project's absolute base dir; {@code check-leaks.sh} computes the same value.
 */
public final class TestScope {
    /** e.g. {@code t3fa9c1}: short, because containerd-style ids plus a state root must fit in sun_path. */
    public static final String TAG = "t" + tagOf(realBaseDir());

    private TestScope() {}

    /** {@code <prefix>-<tag><8 random hex>}: unique per call and recognisably this checkout's. */
    public static String id(String prefix) {
        return prefix + "-" + TAG + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    }

    /** As {@code pwd -P} prints it, so the script and the tests hash the same text. */
    private static String realBaseDir() {
        java.nio.file.Path base = BusyboxRootfs.targetDir().getParent();
        try {
            return base.toRealPath().toString();
        } catch (java.io.IOException e) {
            return base.toString();
        }
    }

    static String tagOf(String basedir) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(basedir.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d).substring(0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
