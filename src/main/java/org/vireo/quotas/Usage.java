package org.vireo.quotas;

/** What a tenant's machines take: {@code used} by existing machines, {@code reserved} by creates in flight. */
public record Usage(Resources used, Resources reserved) {
}
