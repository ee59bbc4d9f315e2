package org.vireo.hosts.api;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.vireo.audit.AuditSource;
import org.vireo.base.InvalidInputException;
import org.vireo.base.Paging;
import org.vireo.hosts.DrainStatus;
import org.vireo.hosts.Host;
import org.vireo.hosts.HostHealth;
import org.vireo.hosts.HostService;

/** {@code /api/v1/admin/hosts}: operators register hosts and put them into maintenance. */
@RestController
@RequestMapping(path = "/api/v1/admin/hosts", produces = "application/json")
class HostController {
    private final HostService hosts;

    HostController(HostService hosts) {
        this.hosts = hosts;
    }

    record HostJson(
            UUID id,
            String name,
            String uri,
            String accelerator,
            double cpuOvercommit,
            double memoryOvercommit,
            boolean maintenance,
            Instant createdAt,
            String consoleUrl,
            String networkMode,
            String dns,
            String migrationAddress,
            String backupDir) {
        static HostJson of(Host h) {
            return new HostJson(
                    h.id(),
                    h.name(),
                    h.uri(),
                    h.accelerator(),
                    h.cpuOvercommit(),
                    h.memoryOvercommit(),
                    h.maintenance(),
                    h.createdAt(),
                    h.consoleUrl(),
                    h.networkMode().wire(),
                    h.dns().wire(),
                    h.migrationAddress(),
                    h.backupDir());
        }
    }

    /**
     * {@code throttleAvailable}: the host can limit interfaces, {@code throttleBy} how ({@code libvirt} or
     * {@code host-agent}); else {@code throttleProblem} says why not.
     */
    record HealthJson(
            HostJson host,
            boolean reachable,
            String error,
            String hostname,
            String libvirtVersion,
            int cpus,
            long memoryMiB,
            int domains,
            int runningDomains,
            DrainJson drain,
            boolean throttleAvailable,
            String throttleBy,
            String throttleProblem) {
        static HealthJson of(HostHealth h) {
            return new HealthJson(
                    HostJson.of(h.host()),
                    h.reachable(),
                    h.error(),
                    h.hostname(),
                    h.libvirtVersion(),
                    h.cpus(),
                    h.memoryMiB(),
                    h.domains(),
                    h.runningDomains(),
                    h.drain() == null ? null : DrainJson.of(h.drain()),
                    h.throttleAvailable(),
                    h.throttleBy(),
                    h.throttleProblem());
        }
    }

    /** A host's last drain: {@code state} {@code running}, {@code done} or {@code stopped}. */
    record DrainJson(
            String state,
            int total,
            int moved,
            int moving,
            int remaining,
            List<StuckJson> staying,
            Instant startedAt,
            Instant endedAt) {
        static DrainJson of(DrainStatus d) {
            return new DrainJson(
                    d.state().name().toLowerCase(Locale.ROOT),
                    d.total(),
                    d.moved(),
                    d.moving(),
                    d.remaining(),
                    d.stuck().stream()
                            .map(s -> new StuckJson(s.machineId(), s.machine(), s.reason(), s.detail()))
                            .toList(),
                    d.startedAt(),
                    d.endedAt());
        }
    }

    record StuckJson(UUID machineId, String name, String reason, String detail) {}

    /**
     * {@code consoleUrl}: optional, a console proxy next to the host (one of {@code VIREO_CONSOLE_PROXIES});
     * {@code networkMode}: optional, {@code nat} (default), {@code none} or {@code isolated}; {@code dns}: optional,
     * {@code host} (default), {@code none} or comma-separated IPv4 addresses.
     */
    record RegisterJson(
            String name,
            String uri,
            String accelerator,
            String consoleUrl,
            String networkMode,
            String dns,
            String migrationAddress) {}

    /** {@code evacuate}: optional, with maintenance on its machines move to the other hosts (a drain). */
    record MaintenanceJson(Boolean maintenance, Boolean evacuate) {}

    record MigrationAddressJson(String migrationAddress) {}

    record BackupDirJson(String backupDir) {}

    /** Each host with its health now (reachable, size, Vireo's domains on it). */
    @GetMapping
    ResponseEntity<List<HealthJson>> list(
            @RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size) {
        return Paging.respond(page, size, hosts.health(), HealthJson::of);
    }

    /** 201; 400 for a URI Vireo does not accept or whose libvirt does not answer. */
    @PostMapping(consumes = "application/json")
    @ResponseStatus(HttpStatus.CREATED)
    HostJson register(@RequestBody RegisterJson body) {
        if (body == null) {
            throw new InvalidInputException("body", "validation.required");
        }
        return HostJson.of(hosts.register(
                body.name(),
                body.uri(),
                body.accelerator(),
                body.consoleUrl(),
                body.networkMode(),
                body.dns(),
                body.migrationAddress(),
                AuditSource.API));
    }

    @PostMapping(path = "/{id}/maintenance", consumes = "application/json")
    HostJson maintenance(@PathVariable UUID id, @RequestBody MaintenanceJson body) {
        if (body == null || body.maintenance() == null) {
            throw new InvalidInputException("maintenance", "validation.required");
        }
        return HostJson.of(
                hosts.setMaintenance(id, body.maintenance(), Boolean.TRUE.equals(body.evacuate()), AuditSource.API));
    }

    /** 200 host; 400 for an address that is neither IPv4 nor a host name; null or blank clears it. */
    @PostMapping(path = "/{id}/migration-address", consumes = "application/json")
    HostJson migrationAddress(@PathVariable UUID id, @RequestBody MigrationAddressJson body) {
        if (body == null) {
            throw new InvalidInputException("body", "validation.required");
        }
        return HostJson.of(hosts.setMigrationAddress(id, body.migrationAddress(), AuditSource.API));
    }

    /**
     * 200 host; where its machines' backups go (an absolute directory on the host, apart from its machine pool); 400
     * for one Vireo does not accept; null or blank: no new backups on this host.
     */
    @PostMapping(path = "/{id}/backup-dir", consumes = "application/json")
    HostJson backupDir(@PathVariable UUID id, @RequestBody BackupDirJson body) {
        if (body == null) {
            throw new InvalidInputException("body", "validation.required");
        }
        return HostJson.of(hosts.setBackupDir(id, body.backupDir(), AuditSource.API));
    }
}
