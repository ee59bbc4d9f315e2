package org.vireo.quotas;

/** An amount of each quota-limited resource. */
public record Resources(int vcpus, int memoryMiB, int diskGiB, int machines) {
    public static final Resources ZERO = new Resources(0, 0, 0, 0);

    public Resources plus(Resources o) {
        return new Resources(vcpus + o.vcpus, memoryMiB + o.memoryMiB, diskGiB + o.diskGiB, machines + o.machines);
    }

    /** The first resource (by name) of {@code this} that exceeds {@code limit}, or null. */
    public String firstExceeding(Resources limit) {
        if (machines > limit.machines) {
            return "machines";
        }
        if (vcpus > limit.vcpus) {
            return "vcpus";
        }
        if (memoryMiB > limit.memoryMiB) {
            return "memoryMiB";
        }
        if (diskGiB > limit.diskGiB) {
            return "diskGiB";
        }
        return null;
    }

    /**
     * Like {@link #firstExceeding(Resources)}, but only among the resources {@code request} asks more of: a limit
     * lowered below what is in use blocks growth, not a request that does not add to it.
     */
    public String firstExceeding(Resources limit, Resources request) {
        for (String r : new String[] {"machines", "vcpus", "memoryMiB", "diskGiB"}) {
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
            default -> throw new IllegalArgumentException(resource);
        };
    }
}
