package org.vireo.machines.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.vireo.machines.Machine;
import org.vireo.machines.MachineState;

@Entity
@Table(name = "machine")
public class MachineEntity {
    @Id
    private UUID id;

    @Column(nullable = false)
    private UUID tenantId;

    @Column(nullable = false)
    private String name;

    @Column(nullable = false)
    private UUID templateId;

    private boolean deleteProtected;
    private boolean rescue;
    private UUID isoId;
    private int vcpus;
    private int memoryMib;
    private int diskGib;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private MachineState state;

    private String stateDetail;

    @Column(nullable = false, unique = true)
    private String domainName;

    private Instant shutdownDeadline;

    @Column(nullable = false)
    private UUID hostId;

    private String mac;
    private String privateIpv4;

    @Column(nullable = false)
    private Instant createdAt;

    @Column(nullable = false)
    private Instant updatedAt;

    protected MachineEntity() {}

    public MachineEntity(
            UUID tenantId, String name, UUID templateId, int vcpus, int memoryMiB, int diskGiB, UUID hostId) {
        this.id = UUID.randomUUID();
        this.hostId = hostId;
        this.tenantId = tenantId;
        this.name = name;
        this.templateId = templateId;
        this.vcpus = vcpus;
        this.memoryMib = memoryMiB;
        this.diskGib = diskGiB;
        this.state = MachineState.CREATING;
        // The machine's UUID makes the domain name unique across tenants; the tenant's name for it stays free.
        this.domainName = "vireo-" + id;
        this.createdAt = Instant.now();
        this.updatedAt = createdAt;
    }

    public UUID getId() {
        return id;
    }

    public UUID getTenantId() {
        return tenantId;
    }

    public MachineState getState() {
        return state;
    }

    public String getMac() {
        return mac;
    }

    public String getPrivateIpv4() {
        return privateIpv4;
    }

    /** Its interface on the tenant's private network. */
    public void setPrivateNic(String mac, String privateIpv4) {
        this.mac = mac;
        this.privateIpv4 = privateIpv4;
    }

    public UUID getHostId() {
        return hostId;
    }

    public String getDomainName() {
        return domainName;
    }

    public Instant getShutdownDeadline() {
        return shutdownDeadline;
    }

    public Instant getUpdatedAt() {
        return updatedAt;
    }

    /** Being built on its host: a create, or a rebuild while it copies its template ({@code detail} says). */
    public void building(String detail) {
        setState(MachineState.CREATING, detail);
    }

    public void starting(String detail) {
        setState(MachineState.STARTING, detail);
    }

    public void running(String detail) {
        setState(MachineState.RUNNING, detail);
    }

    public void stopped(String detail) {
        setState(MachineState.STOPPED, detail);
    }

    /** Running or stopped, as it was before or as {@code running} says. */
    public void upAfterwards(boolean running, String detail) {
        setState(running ? MachineState.RUNNING : MachineState.STOPPED, detail);
    }

    public void deleting() {
        setState(MachineState.DELETING, null);
    }

    /** In ERROR: {@code reason} says what failed (tenants read it: no host, path or capacity). */
    public void failed(String reason) {
        setState(MachineState.ERROR, reason);
    }

    /** As the hypervisor reports it (lifecycle events and the reconciler). */
    public void observed(MachineState state, String detail) {
        setState(state, detail);
    }

    /** Keeps its state; {@code detail} says what is being done to it now (null: nothing). */
    public void busyWith(String detail) {
        setState(state, detail);
    }

    /** Back in the state it had before an action that failed, with the failure as its detail. */
    public void restored(MachineState state, String detail) {
        setState(state, detail);
    }

    private void setState(MachineState state, String detail) {
        this.state = state;
        this.stateDetail = detail == null || detail.length() <= 500 ? detail : detail.substring(0, 500);
        if (state != MachineState.STOPPING) {
            this.shutdownDeadline = null;
        }
        this.updatedAt = Instant.now();
    }

    public void resize(int vcpus, int memoryMib, int diskGib) {
        this.vcpus = vcpus;
        this.memoryMib = memoryMib;
        this.diskGib = diskGib;
        this.updatedAt = Instant.now();
    }

    /** After a rebuild: the machine now runs the template's fresh image. */
    public void rebuiltFrom(UUID templateId) {
        this.templateId = templateId;
        this.rescue = false;
        this.isoId = null;
        this.updatedAt = Instant.now();
    }

    public String getName() {
        return name;
    }

    public void rename(String name) {
        this.name = name;
        this.updatedAt = Instant.now();
    }

    public void protectFromDelete(boolean on) {
        this.deleteProtected = on;
        this.updatedAt = Instant.now();
    }

    public void insertIso(UUID isoId) {
        this.isoId = isoId;
        this.updatedAt = Instant.now();
    }

    public void rescue(boolean on) {
        this.rescue = on;
        this.updatedAt = Instant.now();
    }

    public boolean isDeleteProtected() {
        return deleteProtected;
    }

    public void moveTo(UUID hostId) {
        this.hostId = hostId;
        this.updatedAt = Instant.now();
    }

    public void startShutdown(Instant deadline) {
        setState(MachineState.STOPPING, null);
        this.shutdownDeadline = deadline;
    }

    public Machine toMachine() {
        return new Machine(
                id,
                tenantId,
                name,
                templateId,
                vcpus,
                memoryMib,
                diskGib,
                state,
                stateDetail,
                shutdownDeadline,
                domainName,
                createdAt,
                hostId,
                deleteProtected,
                rescue,
                isoId,
                mac,
                privateIpv4);
    }
}
