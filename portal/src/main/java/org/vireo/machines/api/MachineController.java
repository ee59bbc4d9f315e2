package org.vireo.machines.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.vireo.audit.AuditSource;
import org.vireo.base.Callers;
import org.vireo.base.InvalidInputException;
import org.vireo.base.Paging;
import org.vireo.machines.CreateMachine;
import org.vireo.machines.GuestAgents;
import org.vireo.machines.Machine;
import org.vireo.machines.MachineEdits;
import org.vireo.machines.MachineInterfaces;
import org.vireo.machines.MachineIsos;
import org.vireo.machines.MachineQuery;
import org.vireo.machines.MachineRebuilds;
import org.vireo.machines.MachineRescues;
import org.vireo.machines.MachineService;
import org.vireo.machines.MachineState;
import org.vireo.machines.Snapshot;
import org.vireo.machines.SnapshotService;
import org.vireo.machines.UsageHistory;
import org.vireo.machines.UsageSample;

/** {@code /api/v1/machines}: the same service as the UI; scoping and authorization happen there. */
@RestController
@RequestMapping(path = "/api/v1/machines", produces = "application/json")
class MachineController {
    private final MachineService machines;
    private final SnapshotService snapshots;
    private final UsageHistory usage;
    private final GuestAgents agents;
    private final MachineRebuilds rebuilds;
    private final MachineEdits edits;
    private final MachineRescues rescues;
    private final MachineIsos isos;
    private final MachineInterfaces interfaces;

    MachineController(
            MachineService machines,
            SnapshotService snapshots,
            UsageHistory usage,
            GuestAgents agents,
            MachineRebuilds rebuilds,
            MachineEdits edits,
            MachineRescues rescues,
            MachineIsos isos,
            MachineInterfaces interfaces) {
        this.machines = machines;
        this.interfaces = interfaces;
        this.isos = isos;
        this.rescues = rescues;
        this.rebuilds = rebuilds;
        this.edits = edits;
        this.agents = agents;
        this.snapshots = snapshots;
        this.usage = usage;
    }

    /**
     * {@code addresses}: the machine's IP addresses, its private network's first, then those libvirt saw (a lease,
     * the guest agent, the host's ARP table); {@code interfaces}: which address is on which network;
     * {@code hostId} and {@code tenantId} for operators only.
     */
    record MachineJson(
            UUID id,
            String name,
            UUID templateId,
            int vcpus,
            int memoryMiB,
            int diskGiB,
            String state,
            Instant createdAt,
            String stateDetail,
            Instant shutdownDeadline,
            List<String> addresses,
            UUID hostId,
            UUID tenantId,
            GuestJson guest,
            boolean deleteProtected,
            boolean rescue,
            UUID isoId,
            List<InterfaceJson> interfaces,
            @JsonInclude(JsonInclude.Include.NON_NULL) String initialPassword) {}

    /** One of the machine's interfaces: its MAC, {@code private} or {@code public}, its addresses. */
    record InterfaceJson(String mac, String network, List<String> addresses) {}

    /** The guest agent: {@code CONNECTED}, {@code DISCONNECTED} or {@code UNKNOWN}, and what it reports. */
    record GuestJson(String agent, String osName, String hostname, List<String> addresses) {
        static GuestJson of(GuestAgents.Guest g) {
            return new GuestJson(g.agent().name(), g.osName(), g.hostname(), g.addresses());
        }
    }

    MachineJson json(Machine m) {
        return json(m, agents.known(m), null);
    }

    /** {@code initialPassword} only in the answer to the create that generated it. */
    MachineJson json(Machine m, GuestAgents.Guest guest, String initialPassword) {
        boolean operator = Callers.isOperator();
        return new MachineJson(
                m.id(),
                m.name(),
                m.templateId(),
                m.vcpus(),
                m.memoryMiB(),
                m.diskGiB(),
                m.state().name(),
                m.createdAt(),
                m.stateDetail(),
                m.shutdownDeadline(),
                interfaces.addresses(m),
                operator ? m.hostId() : null,
                operator ? m.tenantId() : null,
                GuestJson.of(guest),
                m.deleteProtected(),
                m.rescue(),
                m.isoId(),
                interfaces.of(m).stream()
                        .map(n -> new InterfaceJson(n.mac(), n.network(), n.addresses()))
                        .toList(),
                initialPassword);
    }

    /**
     * {@code spread}: put it on the host with the fewest of the tenant's machines (anti-affinity); for cloud-init
     * templates {@code sshKeyIds} (default: all the caller's keys), {@code userData} and {@code password}.
     */
    record CreateMachineJson(
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
            Boolean publicIpv4) {}

    /**
     * Oldest first; {@code state} and {@code name} (a part of it) filter, operators may also filter by
     * {@code tenant}; {@code page}/{@code size} ask for one page (see {@link Paging}).
     */
    @GetMapping
    ResponseEntity<List<MachineJson>> list(
            @RequestParam(required = false) MachineState state,
            @RequestParam(required = false) String name,
            @RequestParam(required = false) UUID tenant,
            @RequestParam(required = false) Integer page,
            @RequestParam(required = false) Integer size) {
        if (name != null && name.length() > 63) {
            throw new InvalidInputException("name", "validation.too-long", 63);
        }
        var query = new MachineQuery(tenant, state, name);
        return Paging.respond(
                page,
                size,
                Sort.by("createdAt", "id"),
                p -> p.isPaged()
                        ? machines.list(p, query)
                        : machines.list(PageRequest.of(0, 10_000, p.getSort()), query),
                this::json);
    }

    @GetMapping("/{id}")
    MachineJson get(@PathVariable UUID id) {
        var m = machines.get(id);
        return json(m, agents.of(m), null);
    }

    record PasswordJson(String user) {}

    /** A new generated password for a user of a running machine, set through its guest agent (409 without one). */
    @PostMapping(path = "/{id}/password")
    GuestAgents.PasswordReset password(@PathVariable UUID id, @RequestBody(required = false) PasswordJson body) {
        return agents.resetPassword(id, body == null ? null : body.user(), AuditSource.API);
    }

    @PostMapping(consumes = "application/json")
    @ResponseStatus(HttpStatus.CREATED)
    MachineJson create(@RequestBody CreateMachineJson body) {
        var cmd = body == null
                ? null
                : new CreateMachine(
                        body.name(),
                        body.templateId(),
                        body.vcpus(),
                        body.memoryMiB(),
                        body.diskGiB(),
                        body.start(),
                        body.spread(),
                        body.sshKeyIds(),
                        body.userData(),
                        body.password(),
                        body.publicIpv4());
        var created = machines.provision(cmd, AuditSource.API);
        return json(created.machine(), agents.known(created.machine()), created.initialPassword());
    }

    @PostMapping("/{id}/start")
    @ResponseStatus(HttpStatus.ACCEPTED)
    MachineJson start(@PathVariable UUID id) {
        return json(machines.start(id, AuditSource.API));
    }

    @PostMapping("/{id}/shutdown")
    @ResponseStatus(HttpStatus.ACCEPTED)
    MachineJson shutdown(@PathVariable UUID id) {
        return json(machines.shutdown(id, AuditSource.API));
    }

    @PostMapping("/{id}/poweroff")
    @ResponseStatus(HttpStatus.ACCEPTED)
    MachineJson powerOff(@PathVariable UUID id) {
        return json(machines.powerOff(id, AuditSource.API));
    }

    @PostMapping("/{id}/reboot")
    @ResponseStatus(HttpStatus.ACCEPTED)
    MachineJson reboot(@PathVariable UUID id) {
        return json(machines.reboot(id, AuditSource.API));
    }

    record ResizeJson(Integer vcpus, Integer memoryMiB, Integer diskGiB) {}

    /** New sizes for a stopped machine; omitted ones stay. Growth is checked against the quota (409 if over). */
    @PostMapping(path = "/{id}/resize", consumes = "application/json")
    MachineJson resize(@PathVariable UUID id, @RequestBody ResizeJson body) {
        if (body == null) {
            throw new InvalidInputException("body", "validation.required");
        }
        return json(machines.resize(id, body.vcpus(), body.memoryMiB(), body.diskGiB(), AuditSource.API));
    }

    record RebuildJson(UUID templateId, List<UUID> sshKeyIds, String userData, Boolean password) {}

    /**
     * Reinstalls the machine from {@code templateId}: a fresh disk, snapshots deleted, cloud-init again (keys,
     * user-data and a generated password as at create); 202 with the machine ({@code initialPassword} when asked).
     */
    @PostMapping(path = "/{id}/rebuild", consumes = "application/json")
    @ResponseStatus(HttpStatus.ACCEPTED)
    MachineJson rebuild(@PathVariable UUID id, @RequestBody RebuildJson body) {
        var r = body == null
                ? null
                : new MachineRebuilds.Rebuild(body.templateId(), body.sshKeyIds(), body.userData(), body.password());
        var rebuilt = rebuilds.rebuild(id, r, AuditSource.API);
        return json(rebuilt.machine(), agents.known(rebuilt.machine()), rebuilt.initialPassword());
    }

    record RescueJson(Boolean enabled) {}

    /** {@code enabled} true: boots the rescue system with the machine's disk attached; false: its own again. */
    @PostMapping(path = "/{id}/rescue", consumes = "application/json")
    @ResponseStatus(HttpStatus.ACCEPTED)
    MachineJson rescue(@PathVariable UUID id, @RequestBody RescueJson body) {
        return json(rescues.rescue(id, body == null ? null : body.enabled(), AuditSource.API));
    }

    record InsertIsoJson(UUID isoId) {}

    /** An ISO of the library into the stopped machine's CD-ROM drive (booted first); {@code isoId} null ejects. */
    @PostMapping(path = "/{id}/iso", consumes = "application/json")
    MachineJson iso(@PathVariable UUID id, @RequestBody InsertIsoJson body) {
        return json(isos.insert(id, body == null ? null : body.isoId(), AuditSource.API));
    }

    record EditJson(String name, Boolean deleteProtected) {}

    /** Renames the machine and sets or clears its delete protection (omitted: unchanged). */
    @PatchMapping(path = "/{id}", consumes = "application/json")
    MachineJson edit(@PathVariable UUID id, @RequestBody EditJson body) {
        if (body == null) {
            throw new InvalidInputException("body", "validation.required");
        }
        return json(edits.edit(id, body.name(), body.deleteProtected(), AuditSource.API));
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.ACCEPTED)
    void delete(@PathVariable UUID id) {
        machines.delete(id, AuditSource.API);
    }

    /**
     * Usage samples, oldest first: {@code window=hour} (default) the last hour at the sampling interval (10 s),
     * {@code window=day} the last day as 5-minute averages. Rates are per second; memory in MiB.
     */
    @GetMapping("/{id}/usage")
    List<UsageSample> usage(@PathVariable UUID id, @RequestParam(defaultValue = "hour") String window) {
        return usage.history(id, UsageHistory.Window.parse(window));
    }

    // --- disk snapshots ---------------------------------------------------------------------------------------

    record SnapshotJson(UUID id, String name, int diskGiB, Instant createdAt) {
        static SnapshotJson of(Snapshot s) {
            return new SnapshotJson(s.id(), s.name(), s.diskGiB(), s.createdAt());
        }
    }

    record TakeSnapshotJson(String name) {}

    /** Oldest first. */
    @GetMapping("/{id}/snapshots")
    ResponseEntity<List<SnapshotJson>> snapshots(
            @PathVariable UUID id,
            @RequestParam(required = false) Integer page,
            @RequestParam(required = false) Integer size) {
        return Paging.respond(page, size, snapshots.list(id), SnapshotJson::of);
    }

    /** Running or stopped; 409 over the snapshot or disk quota, or while the machine is busy. */
    @PostMapping(path = "/{id}/snapshots", consumes = "application/json")
    @ResponseStatus(HttpStatus.CREATED)
    SnapshotJson takeSnapshot(@PathVariable UUID id, @RequestBody TakeSnapshotJson body) {
        if (body == null) {
            throw new InvalidInputException("body", "validation.required");
        }
        return SnapshotJson.of(snapshots.take(id, body.name(), AuditSource.API));
    }

    /** The disk back to the snapshot (newer snapshots are dropped); a running machine is restarted. */
    @PostMapping("/{id}/snapshots/{snapshotId}/revert")
    MachineJson revert(@PathVariable UUID id, @PathVariable UUID snapshotId) {
        return json(snapshots.revert(id, snapshotId, AuditSource.API));
    }

    @DeleteMapping("/{id}/snapshots/{snapshotId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void deleteSnapshot(@PathVariable UUID id, @PathVariable UUID snapshotId) {
        snapshots.delete(id, snapshotId, AuditSource.API);
    }
}
