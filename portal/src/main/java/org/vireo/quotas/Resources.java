package org.vireo.quotas;

import java.util.List;

/**
 * An amount of each quota-limited resource. Disk snapshots count as {@code snapshots} and with their size;
 * {@code ipv4} is public IPv4 addresses; {@code backupGiB} is what a tenant's backups take in the backup target.
 */
public record Resources(int vcpus, int memoryMiB, int diskGiB, int machines, int snapshots, int ipv4, int backupGiB) {
    public static final Resources ZERO = new Resources(0, 0, 0, 0, 0, 0, 0);
    /** The resources in the order a refusal names the first one exceeded. */
    private static final List<String> NAMES =
            List.of("machines", "vcpus", "memoryMiB", "diskGiB", "snapshots", "ipv4", "backupGiB");

    /** No backup storage. */
    public Resources(int vcpus, int memoryMiB, int diskGiB, int machines, int snapshots, int ipv4) {
        this(vcpus, memoryMiB, diskGiB, machines, snapshots, ipv4, 0);
    }

    /** No public addresses. */
    public Resources(int vcpus, int memoryMiB, int diskGiB, int machines, int snapshots) {
        this(vcpus, memoryMiB, diskGiB, machines, snapshots, 0);
    }

    /** {@code n} public IPv4 addresses, nothing else. */
    public static Resources ipv4(int n) {
        return new Resources(0, 0, 0, 0, 0, n);
    }

    /** {@code n} GiB of backup storage, nothing else. */
    public static Resources backupGiB(int n) {
        return new Resources(0, 0, 0, 0, 0, 0, n);
    }

    /** Machine resources, no snapshots. */
    public Resources(int vcpus, int memoryMiB, int diskGiB, int machines) {
        this(vcpus, memoryMiB, diskGiB, machines, 0);
    }

    /** The same with {@code ipv4} public addresses. */
    public Resources withIpv4(int n) {
        return new Resources(vcpus, memoryMiB, diskGiB, machines, snapshots, n, backupGiB);
    }

    public Resources plus(Resources o) {
        return new Resources(
                vcpus + o.vcpus,
                memoryMiB + o.memoryMiB,
                diskGiB + o.diskGiB,
                machines + o.machines,
                snapshots + o.snapshots,
                ipv4 + o.ipv4,
                backupGiB + o.backupGiB);
    }

    /** The first resource (by name) of {@code this} that exceeds {@code limit}, or null. */
    public String firstExceeding(Resources limit) {
        for (String r : NAMES) {
            if (get(r) > limit.get(r)) {
                return r;
            }
        }
        return null;
    }

    /**
     * Like {@link #firstExceeding(Resources)}, but only among the resources {@code request} asks more of: a limit
     * lowered below what is in use blocks growth, not a request that does not add to it.
     */
    public String firstExceeding(Resources limit, Resources request) {
        for (String r : NAMES) {
            if (request.get(r) > 0 && get(r) > limit.get(r)) {
                return r;
            }
        }
        return null;
    }

    /**
     * The first resource (by name) that {@code request} takes from below {@code percent} % of {@code limit} to it
     * or beyond ({@code this} is the use after it, {@code before} the use before), or null.
     */
    public String firstReaching(Resources before, Resources limit, Resources request, int percent) {
        for (String r : NAMES) {
            long cap = (long) limit.get(r) * percent;
            if (request.get(r) > 0 && limit.get(r) > 0 && before.get(r) * 100L < cap && get(r) * 100L >= cap) {
                return r;
            }
        }
        return null;
    }

    public int get(String resource) {
        return switch (resource) {
            case "vcpus" -> vcpus;
            case "memoryMiB" -> memoryMiB;
            case "diskGiB" -> diskGiB;
            case "machines" -> machines;
            case "snapshots" -> snapshots;
            case "ipv4" -> ipv4;
            case "backupGiB" -> backupGiB;
            default -> throw new IllegalArgumentException(resource);
        };
    }
}
