package org.vireo.quotas;

/** An amount of each quota-limited resource. Disk snapshots count as {@code snapshots} and with their size. */
public record Resources(int vcpus, int memoryMiB, int diskGiB, int machines, int snapshots) {
    public static final Resources ZERO = new Resources(0, 0, 0, 0, 0);
    /** The resources in the order a refusal names the first one exceeded. */
    private static final String[] NAMES = {"machines", "vcpus", "memoryMiB", "diskGiB", "snapshots"};

    /** Machine resources, no snapshots. */
    public Resources(int vcpus, int memoryMiB, int diskGiB, int machines) {
        this(vcpus, memoryMiB, diskGiB, machines, 0);
    }

    public Resources plus(Resources o) {
        return new Resources(vcpus + o.vcpus, memoryMiB + o.memoryMiB, diskGiB + o.diskGiB, machines + o.machines,
                snapshots + o.snapshots);
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

    public int get(String resource) {
        return switch (resource) {
            case "vcpus" -> vcpus;
            case "memoryMiB" -> memoryMiB;
            case "diskGiB" -> diskGiB;
            case "machines" -> machines;
            case "snapshots" -> snapshots;
            default -> throw new IllegalArgumentException(resource);
        };
    }
}
