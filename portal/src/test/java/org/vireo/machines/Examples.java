package org.vireo.machines;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.vireo.templates.Template;
import org.vireo.templates.TemplateKind;
import org.vireo.templates.TemplateStatus;

/** Machines and templates for the plain tests of the machines' rules: only what a rule reads is chosen. */
final class Examples {
    private Examples() {}

    /** A machine of 2 vCPUs, 2048 MiB and 20 GiB in the state, without rescue or ISO. */
    static Machine machine(MachineState state) {
        return sized(state, 2, 2048, 20);
    }

    static Machine sized(MachineState state, int vcpus, int memoryMiB, int diskGiB) {
        return new Machine(
                UUID.randomUUID(),
                UUID.randomUUID(),
                "web",
                UUID.randomUUID(),
                vcpus,
                memoryMiB,
                diskGiB,
                state,
                null,
                null,
                "vireo-web",
                Instant.now(),
                UUID.randomUUID(),
                false,
                false,
                null,
                null,
                null);
    }

    /** The machine in rescue mode ({@code rescue}) and with the ISO in its drive ({@code isoId}, may be null). */
    static Machine with(Machine m, boolean rescue, UUID isoId) {
        return new Machine(
                m.id(),
                m.tenantId(),
                m.name(),
                m.templateId(),
                m.vcpus(),
                m.memoryMiB(),
                m.diskGiB(),
                m.state(),
                m.stateDetail(),
                m.shutdownDeadline(),
                m.domainName(),
                m.createdAt(),
                m.hostId(),
                m.deleteProtected(),
                rescue,
                isoId,
                m.mac(),
                m.privateIpv4());
    }

    /** A ready template of the kind with these minimum sizes (and twice them as defaults). */
    static Template template(TemplateKind kind, int minVcpus, int minMemoryMiB, int minDiskGiB) {
        return new Template(
                UUID.randomUUID(),
                kind.name().toLowerCase(),
                kind,
                null,
                null,
                null,
                Path.of("/pool/" + kind.name().toLowerCase()),
                minVcpus * 2,
                minMemoryMiB * 2,
                minDiskGiB * 2,
                minVcpus,
                minMemoryMiB,
                minDiskGiB,
                kind != TemplateKind.ISO,
                Instant.now(),
                null,
                null,
                TemplateStatus.READY,
                100,
                null,
                List.of(),
                kind == TemplateKind.ISO ? "raw" : "qcow2",
                null,
                null,
                "us");
    }
}
