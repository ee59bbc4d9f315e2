package org.vireo.machines;

import java.util.UUID;

/** What a tenant asks for when creating a machine. Boxed numbers: a missing value is a validation error. */
public record CreateMachine(String name, UUID templateId, Integer vcpus, Integer memoryMiB, Integer diskGiB,
                            Boolean start) {
}
