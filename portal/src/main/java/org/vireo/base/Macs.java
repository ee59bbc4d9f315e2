package org.vireo.base;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.function.Predicate;

/** MAC addresses for guests' interfaces: QEMU's locally administered prefix {@code 52:54:00}. */
public final class Macs {
    private static final SecureRandom RANDOM = new SecureRandom();

    private Macs() {}

    /** A random {@code 52:54:00:xx:xx:xx} that {@code taken} does not hold. */
    public static String random(Predicate<String> taken) {
        String mac;
        do {
            byte[] b = new byte[3];
            RANDOM.nextBytes(b);
            mac = "52:54:00:" + HexFormat.ofDelimiter(":").formatHex(b);
        } while (taken.test(mac));
        return mac;
    }
}
