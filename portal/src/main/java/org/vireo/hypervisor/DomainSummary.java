package org.vireo.hypervisor;

import java.util.UUID;

/** A Vireo domain found on the host: its name, the machine id from its metadata (null if none), its state. */
public record DomainSummary(String name, UUID machineId, UUID tenantId, DomainState state) {}
