package org.vireo.machines;

import java.util.UUID;

/**
 * Which machines a list shows; null fields do not filter. {@code tenantId} is for operators (a tenant's users
 * always see their own tenant's only); {@code name} matches a part of the name, ignoring case.
 */
public record MachineQuery(UUID tenantId, MachineState state, String name) {
    public static final MachineQuery ALL = new MachineQuery(null, null, null);

    public static MachineQuery ofTenant(UUID tenantId) {
        return new MachineQuery(tenantId, null, null);
    }
}
