package org.vireo.machines;

import java.time.Instant;
import java.util.UUID;

/**
 * A virtual machine of one tenant.
 *
 * @param stateDetail       why the machine is in its state (an error, a pending forced shutdown), may be null
 * @param shutdownDeadline  when a graceful shutdown turns into a power-off, while {@code STOPPING}
 * @param hostId            the host it was placed on (the portal's own host is a registered host too)
 * @param deleteProtected   delete (and rebuild) are refused until this is cleared
 * @param rescue            it boots the rescue system, its disk attached, until rescue is ended
 * @param isoId             the ISO of the library in its CD-ROM drive (booted first), or null
 * @param mac               its interface's MAC on the tenant's private network (null: from before those)
 * @param privateIpv4       its address in the tenant's private subnet (null: from before private networks)
 */
public record Machine(
        UUID id,
        UUID tenantId,
        String name,
        UUID templateId,
        int vcpus,
        int memoryMiB,
        int diskGiB,
        MachineState state,
        String stateDetail,
        Instant shutdownDeadline,
        String domainName,
        Instant createdAt,
        UUID hostId,
        boolean deleteProtected,
        boolean rescue,
        UUID isoId,
        String mac,
        String privateIpv4) {}
