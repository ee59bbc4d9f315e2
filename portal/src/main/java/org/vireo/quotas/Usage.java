package org.vireo.quotas;

/** What a tenant's machines take: {@code used} by existing machines, {@code reserved} by creates in flight. */
public record Usage(Resources used, Resources reserved) {
    public static final Usage NONE = new Usage(Resources.ZERO, Resources.ZERO);

    public Usage plus(Usage other) {
        return new Usage(used.plus(other.used), reserved.plus(other.reserved));
    }
}
