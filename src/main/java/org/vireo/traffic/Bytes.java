package org.vireo.traffic;

/** Bytes received ({@code rx}) and sent ({@code tx}) by machines. */
public record Bytes(long rx, long tx) {
    public static final Bytes NONE = new Bytes(0, 0);

    public Bytes plus(Bytes other) {
        return new Bytes(rx + other.rx, tx + other.tx);
    }

    public long total() {
        return rx + tx;
    }

    /** A byte count in binary units ("1.5 GiB"). */
    public static String binary(long n) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        double v = n;
        int u = 0;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(java.util.Locale.ROOT, u == 0 ? "%.0f %s" : "%.1f %s", v, units[u]);
    }
}
