package org.vireo.base;

import java.util.Locale;

/** Byte counts as people read them. */
public final class ByteUnits {
    private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB"};

    private ByteUnits() {}

    /** In binary units: "512 B", "1.5 GiB". */
    public static String binary(double bytes) {
        int u = 0;
        while (bytes >= 1024 && u < UNITS.length - 1) {
            bytes /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, u == 0 ? "%.0f %s" : "%.1f %s", bytes, UNITS[u]);
    }
}
