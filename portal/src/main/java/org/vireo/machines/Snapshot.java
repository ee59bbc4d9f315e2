package org.vireo.machines;

import java.time.Instant;
import java.util.UUID;

/** A disk snapshot of a machine; {@code diskGiB} is what it counts against the tenant's disk quota. */
public record Snapshot(UUID id, UUID machineId, String name, int diskGiB, Instant createdAt) {}
