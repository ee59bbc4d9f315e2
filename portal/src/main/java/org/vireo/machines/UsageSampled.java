package org.vireo.machines;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/** A sampling round stored new usage samples for these machines. */
public record UsageSampled(Instant at, Set<UUID> machineIds) {}
