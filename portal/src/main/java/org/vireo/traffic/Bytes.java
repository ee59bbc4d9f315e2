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
}
