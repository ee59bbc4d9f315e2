package org.vireo.base;

import inet.ipaddr.AddressStringException;
import inet.ipaddr.AddressStringParameters.RangeParameters;
import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import inet.ipaddr.IPAddressStringParameters;
import inet.ipaddr.ipv4.IPv4Address;

/**
 * An IPv4 network {@code a.b.c.d/p}, its base address aligned to the prefix. Text is read and written by the IPAddress
 * library, strictly: plain dotted quads only (no {@code inet_aton} short forms, no leading zeros, which other tools
 * read as octal, no ranges or wildcards, no IPv6, no mask instead of a prefix).
 */
public record Cidr(int base, int prefix) {
    private static final IPAddressStringParameters WITH_PREFIX = strict(true);
    private static final IPAddressStringParameters ADDRESS_ONLY = strict(false);

    private static IPAddressStringParameters strict(boolean prefix) {
        var builder = new IPAddressStringParameters.Builder();
        builder.allowEmpty(false);
        builder.allowAll(false);
        builder.allowSingleSegment(false);
        builder.allowPrefixOnly(false);
        builder.allowMask(false);
        builder.allowPrefix(prefix);
        builder.allowIPv6(false);
        builder.allowWildcardedSeparator(false);
        builder.allow_inet_aton(false);
        builder.setRangeOptions(RangeParameters.NO_RANGE);
        var ipv4 = builder.getIPv4AddressParametersBuilder();
        ipv4.allowLeadingZeros(false);
        ipv4.allowPrefixLengthLeadingZeros(true); // else "/0" is refused ("starts with zero")
        ipv4.allowBinary(false);
        ipv4.allow_inet_aton(false);
        ipv4.setRangeOptions(RangeParameters.NO_RANGE);
        return builder.toParams();
    }

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
        IPAddress network = read(text, WITH_PREFIX);
        Integer prefix = network.getNetworkPrefixLength();
        if (prefix == null) {
            throw new IllegalArgumentException("not a.b.c.d/prefix: " + text);
        }
        return new Cidr(network.getLower().toIPv4().intValue(), prefix);
    }

    /** A dotted IPv4 address as an int; an {@link IllegalArgumentException} for anything else. */
    public static int address(String text) {
        return read(text, ADDRESS_ONLY).toIPv4().intValue();
    }

    private static IPAddress read(String text, IPAddressStringParameters rules) {
        if (text == null) {
            throw new IllegalArgumentException("no IPv4 address");
        }
        try {
            var address = new IPAddressString(text.strip(), rules).toAddress();
            if (address == null || !address.isIPv4()) {
                throw new IllegalArgumentException("not an IPv4 address: " + text);
            }
            return address;
        } catch (AddressStringException e) {
            throw new IllegalArgumentException("not an IPv4 address: " + text, e);
        }
    }

    public static String format(int address) {
        return new IPv4Address(address).toNormalizedString();
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
