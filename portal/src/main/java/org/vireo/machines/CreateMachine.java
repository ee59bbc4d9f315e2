package org.vireo.machines;

import java.util.List;
import java.util.UUID;

/**
 * What a tenant asks for when creating a machine. Boxed numbers: a missing value is a validation error.
 * {@code spread}: place it on the host with the fewest of the tenant's machines (anti-affinity). For cloud-init
 * templates: {@code sshKeyIds} picks the caller's keys for the guest (null: all of them), {@code userData} is the
 * tenant's own {@code #cloud-config}, {@code password} asks for a generated password for the template's user.
 * {@code publicIpv4}: a public IPv4 address from a pool of its host (counted in the {@code ipv4} quota).
 */
public record CreateMachine(
        String name,
        UUID templateId,
        Integer vcpus,
        Integer memoryMiB,
        Integer diskGiB,
        Boolean start,
        Boolean spread,
        List<UUID> sshKeyIds,
        String userData,
        Boolean password,
        Boolean publicIpv4) {

    public CreateMachine(
            String name,
            UUID templateId,
            Integer vcpus,
            Integer memoryMiB,
            Integer diskGiB,
            Boolean start,
            Boolean spread,
            List<UUID> sshKeyIds,
            String userData,
            Boolean password) {
        this(name, templateId, vcpus, memoryMiB, diskGiB, start, spread, sshKeyIds, userData, password, null);
    }

    public CreateMachine(
            String name,
            UUID templateId,
            Integer vcpus,
            Integer memoryMiB,
            Integer diskGiB,
            Boolean start,
            Boolean spread) {
        this(name, templateId, vcpus, memoryMiB, diskGiB, start, spread, null, null, null);
    }

    public CreateMachine(
            String name, UUID templateId, Integer vcpus, Integer memoryMiB, Integer diskGiB, Boolean start) {
        this(name, templateId, vcpus, memoryMiB, diskGiB, start, null);
    }
}
