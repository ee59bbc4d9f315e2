package org.vireo.base;

import java.util.regex.Pattern;

/** An IPv4 network {@code a.b.c.d/p}, its base address aligned to the prefix. */
public record Cidr(int base, int prefix) {
    private static final Pattern ADDRESS = Pattern.compile(
            "^(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}$");

    public Cidr {
        if (prefix < 0 || prefix > 32) {
            throw new IllegalArgumentException("prefix out of range");
        }
        if ((base & mask(prefix)) != base) {
            throw new IllegalArgumentException("address has bits outside the prefix");
        }
    }

    /** Parses {@code a.b.c.d/p}; an {@link IllegalArgumentException} for anything else. */
    public static Cidr parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("no CIDR");
        }
        String[] parts = text.strip().split("/", -1);
        if (parts.length != 2 || !parts[1].matches("^\\d{1,2}$")) {
            throw new IllegalArgumentException("not a.b.c.d/prefix: " + text);
        }
        return new Cidr(address(parts[0]), Integer.parseInt(parts[1]));
    }

    /** A dotted IPv4 address as an int; an {@link IllegalArgumentException} for anything else. */
    public static int address(String text) {
        if (text == null || !ADDRESS.matcher(text.strip()).matches()) {
            throw new IllegalArgumentException("not an IPv4 address: " + text);
        }
        int value = 0;
        for (String octet : text.strip().split("\\.")) {
            value = value << 8 | Integer.parseInt(octet);
        }
        return value;
    }

    public static String format(int address) {
        return (address >>> 24) + "." + (address >>> 16 & 255) + "." + (address >>> 8 & 255) + "." + (address & 255);
    }

    static int mask(int prefix) {
        return prefix == 0 ? 0 : -1 << (32 - prefix);
    }

    /** Number of addresses in it (at most 2^31 is enough here: prefixes below 1 are refused where it matters). */
    public long size() {
        return 1L << (32 - prefix);
    }

    public boolean contains(int address) {
        return (address & mask(prefix)) == base;
    }

    public boolean contains(String address) {
        return contains(address(address));
    }

    /** The {@code n}-th address in it (0 is the network's own address). */
    public int at(long n) {
        if (n < 0 || n >= size()) {
            throw new IllegalArgumentException("outside " + this);
        }
        return (int) (base + n);
    }

    /** The {@code index}-th sub-network of {@code subPrefix} inside this one. */
    public Cidr subnet(long index, int subPrefix) {
        if (subPrefix < prefix) {
            throw new IllegalArgumentException("sub-network larger than " + this);
        }
        return new Cidr(at(index << (32 - subPrefix)), subPrefix);
    }

    public String netmask() {
        return format(mask(prefix));
    }

    public boolean overlaps(Cidr other) {
        int p = Math.min(prefix, other.prefix);
        return (base & mask(p)) == (other.base & mask(p));
    }

    @Override
    public String toString() {
        return format(base) + "/" + prefix;
    }
}
