package org.vireo.machines;

import java.util.UUID;

/**
 * What a tenant asks for when creating a machine. Boxed numbers: a missing value is a validation error.
 * {@code spread}: place it on the host with the fewest of the tenant's machines (anti-affinity).
 */
public record CreateMachine(String name, UUID templateId, Integer vcpus, Integer memoryMiB, Integer diskGiB,
                            Boolean start, Boolean spread) {

    public CreateMachine(String name, UUID templateId, Integer vcpus, Integer memoryMiB, Integer diskGiB,
                         Boolean start) {
        this(name, templateId, vcpus, memoryMiB, diskGiB, start, null);
    }
}
